"""The as-of view (history/asof.py): a day's graph from the time rule, on a fixture and the
real data.

Expected values come from the sources: 000 (late 2020) line 37 names the management under
the algemeen directeur; 001 (December 2025) lines 63-66 and 78-80 say the AD and directeur
BIJ12 posts are filled ad interim, the domeinmanagers report to the AD, and a
plaatsvervangend algemeen directeur is yet to be recruited.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import URIRef

from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.errors import UsageError
from ipo_graph.history import AsOfView, as_of, as_of_graph, as_of_reported, parse_day
from ipo_graph.namespaces import FOAF, IPO, IPOD, ORG, RDF, SCHEMA

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "history" / "mini.ttl"
AD = IPOD["post-algemeen-directeur"]


@pytest.fixture(scope="module")
def mini() -> IpoGraph:
    return IpoGraph.load([FIXTURE])


_VIEWS: dict[tuple[int, str], AsOfView] = {}


def view(kg: IpoGraph, day: str) -> AsOfView:
    """``as_of`` once per graph and day: the views are read, never changed, by the tests."""
    key = (id(kg), day)
    if key not in _VIEWS:
        _VIEWS[key] = as_of(kg, day)
    return _VIEWS[key]


def holds(kg: IpoGraph, day: str, thing: URIRef, *, strict: bool = False) -> bool:
    """In force on ``day`` and so in its view (presumed too, unless ``strict``)."""
    if strict:
        return (thing, None, None) in as_of_graph(kg, day, strict=True).graph
    st = view(kg, day).statuses.get(thing)
    return st is not None and st.in_force


def reporting_to(kg: IpoGraph, post: object) -> set[str]:
    return {kg.qname(s) for s in kg.graph.subjects(ORG.reportsTo, post)}  # type: ignore[arg-type]


# --- parsing the day -------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2020-13-01", "yesterday", "", "2020/12/31", "31-12-2020"])
def test_an_invalid_date_is_a_usage_error(mini: IpoGraph, bad: str) -> None:
    with pytest.raises(UsageError):
        as_of_graph(mini, bad)


def test_dates_and_strings_are_both_accepted() -> None:
    assert parse_day("2020-12-31") == parse_day(dt.date(2020, 12, 31)) == dt.date(2020, 12, 31)


def test_cli_rejects_an_invalid_as_of_date_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--data", str(FIXTURE), "--as-of", "2020-02-30"]) == 2
    assert "not a date" in capsys.readouterr().err


# --- the semantics on a small fixture ----------------------------------------------------


def test_a_thing_stated_only_by_the_first_source_holds_then_is_presumed(mini: IpoGraph) -> None:
    """A later source's silence never ends it: after 001 it is presumed, not dropped."""
    line = IPOD["reporting-line-teammanager-ipo-1"]
    assert as_of(mini, "2020-11-30").statuses[line].name == "unknown"  # before 000
    assert as_of(mini, "2020-12-01").statuses[line].name == "holds"
    later = as_of(mini, "2025-12-19").statuses[line]
    assert later.name == "presumed" and later.last_attested == dt.date(2020, 12, 1)
    assert holds(mini, "2025-12-19", line)
    assert not holds(mini, "2025-12-19", line, strict=True)


def test_a_beginning_extends_a_stated_thing_back_in_time(mini: IpoGraph) -> None:
    chair = IPOD["membership-bestuur-voorzitter"]
    assert as_of(mini, "2018-02-28").statuses[chair].name == "not-yet"
    assert as_of(mini, "2018-04-01").statuses[chair].name == "unknown"  # inside "voorjaar"
    assert as_of(mini, "2019-06-01").statuses[chair].name == "holds"


def test_an_end_with_no_beginning_holds_up_to_the_end(mini: IpoGraph) -> None:
    """'Tot 2003 ... gemeenschappelijke regeling': holds before 2003, ended after it, and a
    day in 2003 is not stated either way."""
    period = IPOD["legal-form-period-ipo-gemeenschappelijke-regeling"]
    assert as_of(mini, "1999-01-01").statuses[period].name == "holds"
    assert as_of(mini, "2003-06-30").statuses[period].name == "unknown"
    assert as_of(mini, "2004-01-01").statuses[period].name == "ended"
    assert not holds(mini, "2004-01-01", period)


def test_a_beginning_known_only_from_the_later_source_counts(mini: IpoGraph) -> None:
    """'Sinds 2003 is het IPO een vereniging', stated only in 2025, holds in 2010."""
    period = IPOD["legal-form-period-ipo-vereniging"]
    assert as_of(mini, "2010-06-01").statuses[period].name == "holds"
    assert not holds(mini, "2002-12-31", period)


def test_planned_things_never_hold_but_stay_in_the_view(mini: IpoGraph) -> None:
    pad = IPOD["post-plaatsvervangend-algemeen-directeur"]
    later = as_of(mini, "2030-01-01")
    assert pad in later.planned() and not later.statuses[pad].in_force
    assert (pad, IPO.status, IPO.Planned) in later.kg.graph


def test_plain_reporting_triples_follow_their_qualifiers(mini: IpoGraph) -> None:
    assert reporting_to(as_of_graph(mini, "2020-12-01"), AD) == {"ipod:post-teammanager-ipo-1"}
    assert reporting_to(as_of_graph(mini, "2025-12-19"), AD) == {
        "ipod:post-teammanager-ipo-1",  # presumed: no source ended it
        "ipod:post-domeinmanager-ipo",
    }
    strict = as_of_graph(mini, "2025-12-19", strict=True)
    assert reporting_to(strict, AD) == {"ipod:post-domeinmanager-ipo"}


def test_dropped_things_leave_no_triples_behind(mini: IpoGraph) -> None:
    g = as_of_graph(mini, "2017-12-31").graph
    gone = IPOD["membership-bestuur-voorzitter"]
    assert (gone, None, None) not in g and (None, None, gone) not in g
    mt = IPOD["managementteam-ipo"]
    assert (IPOD.ipo, ORG.hasSubOrganization, mt) not in g
    assert not list(g.subjects(RDF.type, IPO.Planned))  # nothing is typed by a status
    assert len(g) < len(mini.graph)


def test_the_view_tells_what_is_only_presumed(mini: IpoGraph) -> None:
    v = as_of(mini, "2025-12-19")
    assert IPOD["reporting-line-teammanager-ipo-1"] in v.presumed()
    assert "presumed (shown as presumed: " in v.summary()
    assert "last stated 2020-12-01" in v.summary()
    assert "2 planned" in v.summary()  # the deputy post and the directieteam


def test_the_view_keeps_the_materialised_bounds_of_what_it_keeps(mini: IpoGraph) -> None:
    g = as_of_graph(mini, "2025-12-19").graph
    line = IPOD["reporting-line-teammanager-ipo-1"]
    assert (line, IPO.lastAttested, None) in g and (line, IPO.heldFrom, None) in g


def test_the_original_graph_is_not_changed(mini: IpoGraph) -> None:
    size = len(mini.graph)
    as_of_graph(mini, "2025-12-19")
    assert len(mini.graph) == size


# --- the real data ------------------------------------------------------------------------


def _posts(kg: IpoGraph) -> set[str]:
    return {kg.qname(s) for s in kg.graph.subjects(RDF.type, ORG.Post)}


def test_late_2020_management_reports_to_the_algemeen_directeur(kg: IpoGraph) -> None:
    """000 line 37: the coördinator HNP, 3 teammanagers IPO and 1 directeur BIJ12."""
    assert reporting_to(view(kg, "2020-12-01").kg, AD) == {
        "ipod:post-coordinator-hnp",
        "ipod:post-teammanager-ipo-1",
        "ipod:post-teammanager-ipo-2",
        "ipod:post-teammanager-ipo-3",
        "ipod:post-directeur-bij12",
    }


def test_december_2025_domeinmanagers_report_to_the_algemeen_directeur(kg: IpoGraph) -> None:
    """001 line 78-79: 'De Algemeen Directeur is leidinggevende van de domeinmanagers'; the
    2020 lines are presumed (001 does not end them), so a strict view has only this one."""
    strict = as_of_graph(kg, "2025-12-19", strict=True)
    assert reporting_to(strict, AD) == {"ipod:post-domeinmanager-ipo"}
    assert reporting_to(view(kg, "2025-12-19").kg, AD) >= {
        "ipod:post-domeinmanager-ipo",
        "ipod:post-teammanager-ipo-1",
    }


def _tenures(kg: IpoGraph, day: str) -> dict[str, set[str]]:
    v = view(kg, day)
    g = v.kg.graph
    out: dict[str, set[str]] = {}
    for t in v.with_status("holds"):
        if (t, RDF.type, IPO.Tenure) in g:
            post = kg.qname(g.value(t, IPO.post))  # type: ignore[arg-type]
            out.setdefault(post, set()).add(kg.qname(g.value(t, IPO.tenureType)))  # type: ignore[arg-type]
    return out


def test_december_2025_ad_and_directeur_bij12_are_filled_ad_interim(kg: IpoGraph) -> None:
    """001 line 63-64: 'Algemeen directeur IPO en directeur BlJ12, welke beiden ad interim'."""
    tenures = _tenures(kg, "2025-12-19")
    assert tenures["ipod:post-algemeen-directeur"] == {"ipo:AdInterim"}
    assert tenures["ipod:post-directeur-bij12"] == {"ipo:AdInterim"}
    before = _tenures(kg, "2020-12-01")
    assert "ipod:post-algemeen-directeur" not in before  # 000 is a search for a new AD
    assert "ipod:post-directeur-bij12" not in before


def test_the_deputy_post_is_planned_not_holding(kg: IpoGraph) -> None:
    """001 lines 64-69: a two-headed directie 'zal worden ingericht'; recruitment starts."""
    pad = IPOD["post-plaatsvervangend-algemeen-directeur"]
    v = view(kg, "2025-12-19")
    assert pad in v.planned()
    assert not v.statuses[pad].in_force
    assert reporting_to(v.kg, pad) == set()  # the unitmanagers' line is only planned


def test_the_2020_and_2025_posts_differ_as_the_sources_say(kg: IpoGraph) -> None:
    late_2020 = _posts(as_of_graph(kg, "2020-12-01", strict=True))
    dec_2025 = _posts(as_of_graph(kg, "2025-12-19", strict=True))
    assert {"ipod:post-teammanager-ipo-1", "ipod:post-coordinator-hnp"} <= late_2020 - dec_2025
    assert {"ipod:post-domeinmanager-ipo", "ipod:post-unitmanager-bij12"} <= dec_2025 - late_2020
    assert {"ipod:post-algemeen-directeur", "ipod:post-directeur-bij12"} <= late_2020 & dec_2025


def test_bij12_units_appear_in_2025(kg: IpoGraph) -> None:
    """001 lines 45-53 list the units; 000 does not."""
    units = {IPOD[f"bij12-{u}"] for u in ("faunazaken", "stikstof-en-natura-2000")}
    g2020 = view(kg, "2020-12-01").kg.graph
    g2025 = view(kg, "2025-12-19").kg.graph
    for unit in units:
        assert (unit, ORG.subOrganizationOf, IPOD.bij12) in g2025
        assert (unit, None, None) not in g2020


def test_the_bestuur_chair_held_from_spring_2018(kg: IpoGraph) -> None:
    """000 line 25: 'Sinds het voorjaar 2018 is Theo Bovens ... voorzitter van het bestuur'."""
    chair = IPOD["membership-bestuur-voorzitter-bovens"]
    assert view(kg, "2019-01-01").statuses[chair].name == "holds"
    assert not holds(kg, "2017-12-31", chair)
    assert reporting_to(view(kg, "2019-01-01").kg, AD) == set()  # known only from 2020


def test_staff_figures_follow_the_sources(kg: IpoGraph) -> None:
    """000 line 37: 50 fte Den Haag, 80 fte BIJ12; 001 line 57: circa 400, 100 and 300."""

    def values(day: str) -> set[int]:
        g = view(kg, day).kg.graph
        return {int(g.value(f, SCHEMA.value)) for f in g.subjects(RDF.type, IPO.StaffingFigure)}  # type: ignore[arg-type]

    assert values("2020-12-01") == {50, 80}
    # a figure is a point in time: the latest of its series, shown with its date
    assert values("2025-12-19") == {50, 80, 100, 300, 400}


def test_vacancies_are_open_between_opening_and_deadline(kg: IpoGraph) -> None:
    """000 line 125: apply up to 3 January 2021; 001 line 185: closing 6 January 2026."""
    ad = IPOD["vacancy-algemeen-directeur-2020"]
    pad = IPOD["vacancy-plaatsvervangend-algemeen-directeur-2025"]
    assert holds(kg, "2021-01-03", ad)
    assert not holds(kg, "2021-01-04", ad)
    assert holds(kg, "2025-12-19", pad)


def test_stats_and_export_accept_as_of(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--data", str(FIXTURE), "--as-of", "2025-12-19", "--format", "json"]) == 0
    assert '"triples"' in capsys.readouterr().out
    out = tmp_path / "g.ttl"
    assert (
        main(
            [
                "export",
                "--data",
                str(FIXTURE),
                "--as-of",
                "2020-12-01",
                "--format",
                "ttl",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert "ipod:post-teammanager-ipo-1" in text
    assert "ipod:post-domeinmanager-ipo" not in text


def test_commands_can_report_what_is_only_presumed(kg: IpoGraph) -> None:
    import io

    stream = io.StringIO()
    graph = as_of_reported(kg, "2025-12-19", stream)
    note = stream.getvalue()
    assert note.startswith("note: as of 2025-12-19:")
    assert "presumed (shown as presumed: " in note and "planned (not in force)" in note
    assert len(graph.graph) == len(view(kg, "2025-12-19").kg.graph)


def test_people_are_those_the_sources_of_the_day_name(kg: IpoGraph) -> None:
    """000 names Bovens (l. 25), Van Dijk (l. 47), Menninga and Kočetanović (l. 127);
    001 names Diepenhorst and De Lange (l. 182)."""

    def people(day: str) -> set[str]:
        g = as_of_graph(kg, day, strict=True).graph
        return {str(g.value(p, FOAF.name)) for p in g.subjects(RDF.type, FOAF.Person)}

    assert people("2020-12-01") == {
        "Theo Bovens",
        "Arthur van Dijk",
        "Hester Menninga",
        "Marija Kočetanović",
    }
    assert people("2025-12-19") == {"Inge Diepenhorst", "Ferdi de Lange"}
    assert people("2019-01-01") == {"Theo Bovens"}  # chair since spring 2018


def test_planned_parts_stay_in_the_view_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: the view dropped the plain triple of a planned structure link, so
    parts-of-ipo --as-of 2025-12-19 lost the planned directieteam (001:64-72) instead of
    flagging it."""
    assert main(["query", "parts-of-ipo", "--as-of", "2025-12-19", "--format", "csv"]) == 0
    assert "Directieteam,gepland" in capsys.readouterr().out.splitlines()
    args = ["query", "members-of-body", "--as-of", "2025-12-19", "--format", "csv"]
    assert main([*args, "--param", "body=ipod:directieteam"]) == 0
    assert "Algemeen directeur IPO,lid,gepland" in capsys.readouterr().out


# --- tasks are dated by the words that state them, not by who holds them ------------------

#: 000:5 "een directeur die complexe politiek-bestuurlijke dossiers aanpakt" (000 only)
AD_DUTY_2020 = IPOD["concept-ad-complexe-dossiers"]
#: 001:77 "De Algemeen Directeur is eerste aanspreekpunt voor het Bestuur en de Algemene
#: Vergadering" (001 only)
AD_DUTY_2025 = IPOD["concept-ad-eerste-aanspreekpunt"]


def test_a_2020_only_duty_of_a_post_001_restates_is_presumed_in_2025(kg: IpoGraph) -> None:
    """Regression: the duties hung on the post, which 001 restates, so 000's job description
    held in December 2025 even under --strict; 001 names none of them."""
    st = view(kg, "2025-12-19").statuses[AD_DUTY_2020]
    assert st.name == "presumed" and st.last_attested == dt.date(2020, 12, 1)
    assert (AD, IPO.responsibility, AD_DUTY_2020) in view(kg, "2025-12-19").kg.graph
    strict = as_of_graph(kg, "2025-12-19", strict=True).graph
    assert (AD, IPO.responsibility, AD_DUTY_2020) not in strict
    assert (AD_DUTY_2020, None, None) not in strict
    assert (AD, None, None) in strict  # the post itself holds: 001:63 restates it
    # 001:77-78 is all that 001 states of the algemeen directeur's duties
    assert set(strict.objects(AD, IPO.responsibility)) == {
        AD_DUTY_2025,
        IPOD["concept-ad-eindverantwoordelijk-gehele-organisatie"],
    }


def test_a_2025_only_duty_is_not_shown_in_2020(kg: IpoGraph) -> None:
    """Before its first evidence, with no beginning stated, a duty is unknown, not holding:
    nor are the provinces' themes of 001:3-6, or 001:124-134's duties of the directeur BIJ12."""
    v = view(kg, "2020-12-01")
    st = v.statuses[AD_DUTY_2025]
    assert st.name == "unknown" and "2025-12-19" in st.reason
    assert (AD, IPO.responsibility, AD_DUTY_2025) not in v.kg.graph
    assert (AD, IPO.responsibility, AD_DUTY_2020) in v.kg.graph
    assert not set(v.kg.graph.objects(IPOD["provincie-utrecht"], IPO.responsibility))
    assert not set(v.kg.graph.objects(IPOD["post-directeur-bij12"], IPO.responsibility))


def test_a_task_both_documents_state_holds_on_both_days(kg: IpoGraph) -> None:
    """000:43 and 001:41 both say BIJ12 supports the provinces in carrying out their tasks."""
    support = IPOD["concept-bij12-ondersteuning-uitvoering"]
    for day in ("2020-12-01", "2025-12-19"):
        assert view(kg, day).statuses[support].name == "holds"
        strict = as_of_graph(kg, day, strict=True).graph
        assert (IPOD.bij12, IPO.responsibility, support) in strict


def test_the_tasks_of_planned_things_stay_planned(kg: IpoGraph) -> None:
    """001:72-121: the deputy's and the directieteam's tasks rest on the plan; shown as
    planned, in a strict view too, and not before the plan was announced."""
    pad = IPOD["post-plaatsvervangend-algemeen-directeur"]
    task = IPOD["concept-pad-prioriteren"]  # 001:114
    team_task = IPOD["concept-directie-integrale-samenwerking"]  # 001:81-82
    assert {task, team_task} <= set(view(kg, "2025-12-19").planned())
    strict = as_of_graph(kg, "2025-12-19", strict=True).graph
    assert (pad, IPO.responsibility, task) in strict
    assert (IPOD.directieteam, IPO.responsibility, team_task) in strict
    assert (task, IPO.status, IPO.Planned) in strict
    assert (pad, IPO.responsibility, task) not in view(kg, "2020-12-01").kg.graph


# --- a property dated by its own statement ------------------------------------------------

BESTUUR = IPOD.bestuur
FREQUENCY = IPOD["statement-bestuur-meeting-frequency-nl"]
MISSION = IPOD["statement-ipo-mission-nl"]
DEPUTY_OF = IPOD["plannedlink-pad-deputy-of-ad"]
PAD = IPOD["post-plaatsvervangend-algemeen-directeur"]

# Two statements of one triple, stated by 000 and by 001: it holds while either does.
STATEMENTS = """\
@prefix ipo: <https://w3id.org/ipo-graph/def#> .
@prefix ipod: <https://w3id.org/ipo-graph/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ipod:bestuur ipo:meetingFrequency "maandelijks"@nl ; ipo:seatCount 17 .
ipod:statement-frequency-000 a rdf:Statement ; ipo:evidence ipod:excerpt-000-025-voorzitter ;
    rdf:subject ipod:bestuur ; rdf:predicate ipo:meetingFrequency ; rdf:object "maandelijks"@nl .
ipod:statement-frequency-001 a rdf:Statement ; ipo:evidence ipod:excerpt-001-063-ad-interim ;
    rdf:subject ipod:bestuur ; rdf:predicate ipo:meetingFrequency ; rdf:object "maandelijks"@nl .
ipod:statement-seats-000 a rdf:Statement ; ipo:evidence ipod:excerpt-000-025-voorzitter ;
    rdf:subject ipod:bestuur ; rdf:predicate ipo:seatCount ; rdf:object 17 .
"""


def test_a_triple_holds_while_one_of_its_statements_holds(tmp_path: Path) -> None:
    """The Bestuur is stated by both sources; each of its properties by its statements."""
    extra = tmp_path / "statements.ttl"
    extra.write_text(STATEMENTS, encoding="utf-8")
    kg = IpoGraph.load([FIXTURE, extra])
    strict = as_of_graph(kg, "2025-12-19", strict=True).graph
    assert (BESTUUR, IPO.meetingFrequency, None) in strict  # 001's statement holds
    assert (BESTUUR, IPO.seatCount, None) not in strict  # only 000's: presumed, left out
    assert (BESTUUR, None, None) in strict
    assert (BESTUUR, IPO.seatCount, None) in as_of_graph(kg, "2025-12-19").graph
    early = as_of(kg, "2020-11-30")  # before either source: the statements are unknown
    assert early.statuses[IPOD["statement-seats-000"]].name == "unknown"


def test_planned_statements_still_show_as_planned(kg: IpoGraph) -> None:
    """001:64: the deputy 'zal' be the AD's deputy: planned, shown flagged, even strict."""
    strict = as_of_graph(kg, "2025-12-19", strict=True).graph
    assert view(kg, "2025-12-19").statuses[DEPUTY_OF].name == "planned"
    assert (PAD, IPO.deputyOf, AD) in strict
    assert (DEPUTY_OF, IPO.status, IPO.Planned) in strict
    assert (PAD, IPO.deputyOf, AD) not in view(kg, "2020-12-01").kg.graph


def test_a_property_only_the_2020_source_states_is_presumed_in_2025(kg: IpoGraph) -> None:
    """000:25 'Het bestuur vergadert gemiddeld één maal per maand'; 001 says nothing of how
    often the Bestuur meets, though it names the Bestuur (001:12): the Bestuur holds, its
    meeting frequency is presumed, last stated 2020-12-01, and left out when strict."""
    strict = as_of_graph(kg, "2025-12-19", strict=True).graph
    assert (BESTUUR, None, None) in strict
    assert (BESTUUR, IPO.meetingFrequency, None) not in strict
    assert (AD, IPO.advises, BESTUUR) not in strict  # 000:5 only
    assert (IPOD.ipo, IPO.performsImplementationTasks, None) not in strict  # 000:49 only
    shown = view(kg, "2025-12-19")
    assert {str(o) for o in shown.kg.graph.objects(BESTUUR, IPO.meetingFrequency)} == {
        "gemiddeld één maal per maand",
        "on average once a month",
    }
    status = shown.statuses[FREQUENCY]
    assert status.name == "presumed" and status.last_attested == dt.date(2020, 12, 1)
    assert view(kg, "2020-12-01").statuses[FREQUENCY].name == "holds"


def test_a_property_only_the_2025_source_states_is_unknown_in_2020(kg: IpoGraph) -> None:
    """001:17 'Missie': IPO is stated in 2020 too, its mission only in 2025."""
    assert view(kg, "2020-12-01").statuses[MISSION].name == "unknown"
    assert (IPOD.ipo, None, None) in view(kg, "2020-12-01").kg.graph
    assert (IPOD.ipo, IPO.mission, None) not in view(kg, "2020-12-01").kg.graph
    strict = as_of_graph(kg, "2025-12-19", strict=True).graph
    assert len(list(strict.objects(IPOD.ipo, IPO.mission))) == 2  # nl and en


def test_each_purpose_is_dated_by_the_document_that_states_it(kg: IpoGraph) -> None:
    """000:15 the forum (2020 only), 001:8 consultation and cooperation (2025 only), and
    representing the provinces' interests in both (000:13, 001:27)."""

    def purposes(day: str) -> set[str]:
        g = as_of_graph(kg, day, strict=True).graph
        return {
            kg.qname(o).removeprefix("ipod:concept-doel-") for o in g.objects(IPOD.ipo, ORG.purpose)
        }

    late_2020, dec_2025 = purposes("2020-12-01"), purposes("2025-12-19")
    assert {"forum", "belangenbehartiging"} <= late_2020
    assert "overleg-en-samenwerking" not in late_2020
    assert {"overleg-en-samenwerking", "belangenbehartiging"} <= dec_2025
    assert "forum" not in dec_2025
