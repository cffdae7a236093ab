"""The time rule (history/timeline.py; docs/modelling.md, "As-of semantics").

Expected statuses are those of shared/time-model.md, each resting on the sources' words:
001 line 27 "Het IPO is in 1986 opgericht"; 001 line 31 "Tot 2003 … gemeenschappelijke
regeling. Sinds 2003 … een vereniging met een bestuur en Algemene Vergadering"; 000 line 25
"Sinds het voorjaar 2018 is Theo Bovens … voorzitter van het bestuur"; 000 line 37 the
teammanagers under the algemeen directeur; 001 lines 63 and 78 the ad-interim directors and
the domeinmanagers; 001 lines 64-69 the planned deputy post; 000 line 125 the 2020 vacancy
closing on 3 January 2021; 001 line 45 "BIJ12 is in 2014 opgericht".
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.execution import execute, make_target
from ipo_graph.history.timeline import Timeline, parse_day
from ipo_graph.namespaces import IPO, IPOD, XSD
from ipo_graph.queryfiles import find_query, named_queries
from ipo_graph.queryparams import bind_params
from ipo_graph.results import Result

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "timeline"
NEWS = FIXTURES / "news-2026.ttl"
END = FIXTURES / "end-2026.ttl"
TENURE_END = FIXTURES / "tenure-end-2026.ttl"
DATA = Path(__file__).resolve().parent.parent / "data"


def status(kg: IpoGraph, thing: str, day: str) -> str:
    found = kg.timeline.status(IPOD[thing], day)
    assert found is not None, f"{thing} is not dated"
    return found.name


# --- the table of shared/time-model.md, on the shipped data --------------------------------

TIME_MODEL = [
    ("ipo", "1985-06-01", "not-yet"),
    ("ipo", "2010-01-01", "holds"),
    ("legalform-period-gemeenschappelijke-regeling", "2002-06-01", "holds"),
    ("legalform-period-gemeenschappelijke-regeling", "2004-01-01", "ended"),
    ("bestuur", "2010-01-01", "holds"),
    ("bij12", "2013-06-01", "not-yet"),
    ("tenure-bestuur-voorzitter-bovens", "2017-06-01", "not-yet"),
    ("tenure-bestuur-voorzitter-bovens", "2019-01-01", "holds"),
    ("tenure-bestuur-voorzitter-bovens", "2025-12-19", "presumed"),
    ("membership-bestuur-voorzitter-bovens", "2025-12-19", "presumed"),
    ("reportingline-teammanager-ipo-1", "2020-12-01", "holds"),
    ("reportingline-teammanager-ipo-1", "2025-12-19", "presumed"),
    ("reportingline-domeinmanager-ipo", "2020-12-01", "unknown"),
    ("reportingline-domeinmanager-ipo", "2025-12-19", "holds"),
    ("tenure-algemeen-directeur-ad-interim-2025", "2025-12-19", "holds"),
    ("post-plaatsvervangend-algemeen-directeur", "2025-12-19", "planned"),
    ("vacancy-algemeen-directeur-2020", "2021-02-01", "ended"),
]


@pytest.mark.parametrize(("thing", "day", "expected"), TIME_MODEL)
def test_the_time_model_table(kg: IpoGraph, thing: str, day: str, expected: str) -> None:
    assert status(kg, thing, day) == expected


def test_presumed_carries_its_last_attestation(kg: IpoGraph) -> None:
    st = kg.timeline.status(IPOD["tenure-bestuur-voorzitter-bovens"], "2025-12-19")
    assert st is not None and st.last_attested == dt.date(2020, 12, 1)
    assert "last stated 2020-12-01" in st.describe()


def test_a_day_inside_a_year_is_neither_before_nor_after_it(kg: IpoGraph) -> None:
    """'in 1986': a day in 1986 is not stated to be before or after the founding."""
    st = kg.timeline.status(IPOD.ipo, "1986-06-01")
    assert st is not None and st.name == "unknown" and "1986" in st.reason
    assert status(kg, "ipo", "1986-12-31") == "holds"  # by then it was founded


def test_the_past_answers(kg: IpoGraph) -> None:
    """IPO since 1986, HNP since 2000, the vereniging with Bestuur and AV since 2003."""
    for thing in ("ipo", "hnp", "bestuur", "algemene-vergadering"):
        assert status(kg, thing, "2010-01-01") == "holds", thing
    assert status(kg, "hnp", "1999-06-01") == "not-yet"
    assert status(kg, "bestuur", "2002-06-01") == "not-yet"


def test_a_staffing_figure_is_a_point_in_time(kg: IpoGraph) -> None:
    """000 line 37: 50 fte in Den Haag late 2020 — the latest FTE figure on later days too,
    shown with its date, never presumed."""
    fig = IPOD["figure-bureau-fte-2020"]
    assert kg.timeline.status(fig, "2020-11-30").name == "not-yet"  # type: ignore[union-attr]
    assert status(kg, "figure-bureau-fte-2020", "2025-12-19") == "holds"


def test_a_later_source_never_ends_a_fact_by_silence(kg: IpoGraph) -> None:
    """Everything in force on 2020-12-01 is in force on 2025-12-19 unless a stated end
    lies between (the 2020 vacancy, closed on 3 January 2021)."""
    tl = kg.timeline
    gone = [
        t
        for t, f in tl.facts.items()
        if f.status(dt.date(2020, 12, 1)).in_force and not f.status(dt.date(2025, 12, 19)).in_force
    ]
    for thing in gone:
        assert tl.facts[thing].end is not None, f"{thing} ended without a stated end"


def test_invalid_days_are_usage_errors() -> None:
    from ipo_graph.errors import UsageError

    for bad in ("2025-13-01", "2025-02-30", "yesterday", ""):
        with pytest.raises(UsageError):
            parse_day(bad)


@pytest.mark.parametrize("bad", ["20201201", "2020-W49-2", "2020-336", "2020-12-01T00:00"])
def test_a_day_is_written_yyyy_mm_dd_for_every_command(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``date.fromisoformat`` alone took ``20201201`` and week dates, so
    ``why``, ``changes``, ``stats`` and ``export`` accepted what a query's date refused
    (after printing its as-of note, with an error about a parameter nobody gave)."""
    from ipo_graph.cli import main
    from ipo_graph.errors import UsageError
    from ipo_graph.queryfiles import named_queries
    from ipo_graph.queryparams import coerce

    with pytest.raises(UsageError):
        parse_day(bad)
    param = next(p for p in named_queries()["chair-of-body"].params if p.type == "date")
    with pytest.raises(UsageError, match="is not a date"):
        coerce(param, bad)
    assert main(["changes", "--from", bad, "--to", "2025-12-19"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main(["query", "chair-of-body", "--as-of", bad]) == 2
    err = capsys.readouterr().err
    assert "not a date" in err and "parameter" not in err


# --- the one implementation: queries use the shared pattern, never the rule ---------------

_PATTERN = re.compile(
    r"\?(\w+) ipo:heldFrom \?\1From \.\s*OPTIONAL \{ \?\1 ipo:heldUntil \?\1Until \}"
)


def _dated_queries() -> list[str]:
    return sorted(n for n, q in named_queries().items() if any(p.type == "date" for p in q.params))


def test_no_query_restates_the_time_rule() -> None:
    """The rule reads state dates, intervals and events; queries read only its outcome."""
    for name, q in named_queries().items():
        if name == "sources":
            continue
        for term in ("ipo:stateDate", "time:hasBeginning/ipo:earliest", "prov:invalidatedAtTime"):
            assert term not in q.text, f"{name} restates the time rule ({term})"


@pytest.mark.parametrize("name", _dated_queries())
def test_every_dated_query_uses_the_shared_pattern(name: str) -> None:
    text = find_query(name).text
    assert _PATTERN.search(text), f"{name} does not use the shared time pattern"
    for var in _PATTERN.findall(text):
        day = r"\?(date|from|to)"
        assert re.search(
            rf"\?{var}From <= {day} && \(!BOUND\(\?{var}Until\) \|\| {day} <= \?{var}Until\)", text
        ), f"{name}: ?{var} is not compared with the day by the shared expression"


# --- every dated query agrees with the Python statuses on a grid of days -------------------


def _grid(tl: Timeline) -> list[dt.date]:
    days = {dt.date(y, 1, 1) for y in range(1985, 2028)}
    days |= {s.state_date for s in tl.sources}
    for f in tl.facts.values():
        for b in (f.begin, f.end, f.point):
            if b is not None:
                for d in (b.earliest, b.latest):
                    days |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
    return sorted(d for d in days if dt.date(1900, 1, 1) < d < dt.date(2100, 1, 1))


def _day(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def _in_force(kg: IpoGraph, thing: URIRef, day: dt.date) -> bool:
    st = kg.timeline.status(thing, day)
    return st is not None and st.in_force


def _ask(target: object, name: str, **params: object) -> Result:
    q = find_query(name)
    return execute(q.text, {k: v for k, v in params.items()}, target)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def target(request: pytest.FixtureRequest, kg: IpoGraph) -> object:
    return make_target(kg.graph, request.param)


def _days(kg: IpoGraph, target: object) -> list[dt.date]:
    """The whole grid on Oxigraph; every third day on rdflib's slower engine (the two
    engines' agreement on every named query is tested in test_queries.py)."""
    grid = _grid(kg.timeline)
    return grid if not isinstance(target, type(kg.graph)) else grid[::3]


def test_organisations_on_every_day_of_the_grid(kg: IpoGraph, target: object) -> None:
    from ipo_graph.namespaces import ORG, RDF

    q = find_query("organisations-on")
    g = kg.graph
    provinces = set(g.subjects(RDF.type, IPO.Province))
    base = {
        t
        for t in g.subjects(RDF.type, ORG.Organization)
        if (t, RDF.type, IPO.ExternalOrganization) not in g
        and (t, RDF.type, ORG.Post) not in g
        and t not in provinces
        and not any((t, ORG.unitOf, p) in g or (p, ORG.hasUnit, t) in g for p in provinces)
    }
    for day in _days(kg, target):
        expected = {kg.label(t) for t in base if _in_force(kg, t, day)}
        got = {str(r[0]) for r in execute(q.text, {"date": _day(day)}, target).rows}  # type: ignore[arg-type]
        assert got == expected, day
        presumed = {
            str(r[0])
            for r in execute(q.text, {"date": _day(day)}, target).rows  # type: ignore[arg-type]
            if r[1] is not None
        }
        assert presumed == {
            kg.label(t)
            for t in base
            if (s := kg.timeline.status(t, day)) is not None and s.name == "presumed"
        }, day


def test_reporting_lines_on_every_day_of_the_grid(kg: IpoGraph, target: object) -> None:
    from ipo_graph.namespaces import RDF

    q = find_query("reporting-lines-on")
    lines = list(kg.graph.subjects(RDF.type, IPO.ReportingLine))
    for day in _days(kg, target):
        expected = {
            (kg.label(kg.graph.value(x, IPO.fromPost)), kg.label(kg.graph.value(x, IPO.toPost)))  # type: ignore[arg-type]
            for x in lines
            if _in_force(kg, x, day)  # type: ignore[arg-type]
        }
        got = {(str(r[0]), str(r[1])) for r in execute(q.text, {"date": _day(day)}, target).rows}  # type: ignore[arg-type]
        assert got == expected, day


def test_posts_and_changes_agree_with_the_statuses(kg: IpoGraph, target: object) -> None:
    from ipo_graph.namespaces import ORG, RDF

    posts = [
        p for p in kg.graph.subjects(RDF.type, ORG.Post) if (p, RDF.type, IPO.Seat) not in kg.graph
    ]
    grid = _days(kg, target)
    q_posts = find_query("posts-on")
    q_changes = find_query("changes-posts")
    for day in grid:
        expected = {kg.label(p) for p in posts if _in_force(kg, p, day)}  # type: ignore[arg-type]
        got = {str(r[0]) for r in execute(q_posts.text, {"date": _day(day)}, target).rows}  # type: ignore[arg-type]
        assert got == expected, day
    for a, b in zip(grid[::7], grid[3::7], strict=False):
        expected = {
            kg.label(p)
            for p in posts
            if _in_force(kg, p, a) != _in_force(kg, p, b)  # type: ignore[arg-type]
        }
        rows = execute(q_changes.text, {"from": _day(a), "to": _day(b)}, target).rows  # type: ignore[arg-type]
        assert {str(r[1]) for r in rows} == expected, (a, b)


def test_vacancies_and_chairs_agree_with_the_statuses(kg: IpoGraph, target: object) -> None:
    from ipo_graph.namespaces import ORG, RDF

    vacancies = list(kg.graph.subjects(RDF.type, IPO.Vacancy))
    chairs = [
        m
        for m in kg.graph.subjects(ORG.organization, IPOD.bestuur)
        if (m, ORG.role, IPOD["role-voorzitter"]) in kg.graph
    ]
    q_vac = find_query("vacancies-open-on")
    q_chair = find_query("chair-of-body")
    for day in _days(kg, target):
        expected = {kg.label(v) for v in vacancies if _in_force(kg, v, day)}  # type: ignore[arg-type]
        got = {str(r[0]) for r in execute(q_vac.text, {"date": _day(day)}, target).rows}  # type: ignore[arg-type]
        assert got == expected, day
        n = sum(_in_force(kg, m, day) for m in chairs)  # type: ignore[arg-type]
        rows = execute(q_chair.text, {"date": _day(day), "body": IPOD.bestuur}, target).rows  # type: ignore[arg-type]
        assert len(rows) == n, day


# --- a third source, and a source that ends a fact -----------------------------------------


@pytest.fixture(scope="module")
def with_news() -> IpoGraph:
    return IpoGraph.load([DATA, NEWS])


@pytest.fixture(scope="module")
def with_end() -> IpoGraph:
    return IpoGraph.load([DATA, END])


def test_a_narrower_later_source_erases_nothing(kg: IpoGraph, with_news: IpoGraph) -> None:
    """Everything in force on 2025-12-19 is still in force on 2026-03-31, unless a stated
    end lies between; the one new post is in force too."""
    before, after = dt.date(2025, 12, 19), dt.date(2026, 3, 31)
    for thing, fact in with_news.timeline.facts.items():
        if fact.status(before).in_force and not fact.status(after).in_force:
            assert fact.end is not None and fact.end.latest < after, thing
    new = IPOD["post-fixture-strategisch-adviseur"]
    st = with_news.timeline.status(new, after)
    assert st is not None and st.name == "presumed" and st.last_attested == dt.date(2026, 3, 2)
    assert with_news.timeline.status(IPOD["post-algemeen-directeur"], after).in_force  # type: ignore[union-attr]


def test_changes_after_a_third_source_list_only_the_new_post(with_news: IpoGraph) -> None:
    from ipo_graph.history.changes import changes

    report = changes(with_news, "2025-12-19", "2026-03-31")
    added = [i.thing for ch in report.changes for i in ch.after]
    assert set(added) == {
        IPOD["post-fixture-strategisch-adviseur"],
        IPOD["reportingline-fixture-strategisch-adviseur"],
    }
    removed = [i for ch in report.changes for i in ch.before]
    assert all(i.state == "ended" for i in removed)  # only stated ends, never silence


def test_a_third_source_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DATA), str(NEWS)]) == 0


def test_the_documented_way_to_end_a_fact_validates(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: the recipe of docs/editing.md ("End a fact") wrote
    prov:invalidatedAtTime as an xsd:date and left out prov:wasDerivedFrom, so following
    it exactly gave two violations; its fixture is the recipe as a file."""
    assert main(["validate", str(DATA), str(END)]) == 0, capsys.readouterr().out
    recipe = (Path(__file__).parents[1] / "docs" / "editing.md").read_text(encoding="utf-8")
    assert '"YYYY-MM-DDT00:00:00"^^xsd:dateTime' in recipe and "prov:wasDerivedFrom" in recipe


def test_a_stated_end_ends_a_post(with_end: IpoGraph) -> None:
    post = IPOD["post-coordinator-hnp"]
    assert with_end.timeline.status(post, "2026-06-30").name == "holds"  # type: ignore[union-attr]
    assert with_end.timeline.status(post, "2026-07-01").name == "ended"  # type: ignore[union-attr]
    assert (post, IPO.heldUntil, _day(dt.date(2026, 6, 30))) in with_end.graph
    target = make_target(with_end.graph, "oxigraph")
    q = find_query("posts-on")
    names = {str(r[0]) for r in execute(q.text, {"date": _day(dt.date(2026, 7, 1))}, target).rows}
    assert "Coördinator HNP" not in names
    names = {str(r[0]) for r in execute(q.text, {"date": _day(dt.date(2026, 6, 1))}, target).rows}
    assert "Coördinator HNP" in names


def test_a_thing_ends_with_what_it_is_about(with_end: IpoGraph) -> None:
    """Regression: the coördinator HNP post ended on 30 June 2026, but its reporting line
    still held: ``direct-reports --param date=2026-07-01`` listed the post while
    ``--as-of 2026-07-01`` left it out. A thing cannot hold after what it is about ended."""
    line = IPOD["reportingline-coordinator-hnp"]
    # before the post's end nothing changes: the line stays presumed, as without the new
    # source (regression: an end borrowed from the post made it "hold" until then)
    for day in ("2025-12-19", "2026-06-30"):
        st = with_end.timeline.status(line, day)
        assert st is not None and st.name == "presumed", (day, st)
        assert st.last_attested == dt.date(2020, 12, 1)
    after = with_end.timeline.status(line, "2026-07-01")
    assert after is not None and after.name == "ended"
    assert "what it is about ended" in after.reason
    assert (line, IPO.heldUntil, _day(dt.date(2026, 6, 30))) in with_end.graph
    q = find_query("direct-reports")
    target = make_target(with_end.graph, "oxigraph")
    for day, listed in (("2026-06-30", True), ("2026-07-01", False)):
        rows = execute(q.text, bind_params(q, {"date": day}), target).rows
        assert ("Coördinator HNP" in {str(r[0]) for r in rows}) is listed, day


def test_a_deadline_says_when_a_vacancy_closed_not_since_when_it_was_open(kg: IpoGraph) -> None:
    """Regression: the 2020 vacancy, with an application deadline and no opening date,
    held from IPO's founding (as a period "tot 2003" does), and so showed its post held
    in 1987, though no source names either before late 2020."""
    assert status(kg, "vacancy-algemeen-directeur-2020", "1990-01-01") == "unknown"
    assert status(kg, "vacancy-algemeen-directeur-2020", "2020-12-15") == "holds"
    assert status(kg, "vacancy-algemeen-directeur-2020", "2021-02-01") == "ended"
    assert status(kg, "post-algemeen-directeur", "1987-01-01") == "unknown"
    assert status(kg, "legalform-period-gemeenschappelijke-regeling", "1990-01-01") == "holds"
    q = find_query("vacancies-open-on")
    rows = execute(
        q.text, bind_params(q, {"date": "1990-01-01"}), make_target(kg.graph, "oxigraph")
    ).rows
    assert rows == []


def test_a_holding_thing_shows_its_post_only_until_its_own_end() -> None:
    """Regression: a tenure that ended on 1 March 2026, stated by a source of 1 April, kept
    its post "holding (stated)" until 1 April: the post was shown to exist up to the
    source's date instead of the tenure's end."""
    kg = IpoGraph.load([DATA, TENURE_END])
    assert status(kg, "tenure-bestuur-voorzitter-bovens", "2026-03-01") == "holds"
    assert status(kg, "tenure-bestuur-voorzitter-bovens", "2026-03-02") == "ended"
    post = kg.timeline.status(IPOD["post-bestuur-voorzitter"], "2026-03-15")
    assert post is not None and post.name == "presumed"
    assert post.last_attested == dt.date(2026, 3, 1)


# --- how sure an answer is -----------------------------------------------------------------


def test_query_marks_presumed_rows_and_strict_leaves_them_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["query", "chair-of-body", "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert "Theo Bovens,voorjaar 2018,000_446a8e16cc534121.txt,2020-12-01" in out.out
    assert "presumed" in out.err
    assert main(["query", "chair-of-body", "--format", "csv", "--strict"]) == 0
    assert "Theo Bovens" not in capsys.readouterr().out


def test_an_empty_day_says_when_the_sources_first_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["query", "chair-of-body", "--param", "date=1990-01-01"]) == 0
    err = capsys.readouterr().err
    assert "geen bron noemt een antwoord op 1990-01-01" in err
    assert "eerst genoemd op 2018-06-20: Theo Bovens, voorjaar 2018" in err


def _dated_answers(target: object, day: dt.date) -> dict[str, list[tuple[str, ...]]]:
    """Every query about one day (other parameters at their defaults), answered on ``day``."""
    answers = {}
    for name, q in named_queries().items():
        if any(p.name == "date" for p in q.params):
            result = execute(q.text, bind_params(q, {"date": day.isoformat()}), target)  # type: ignore[arg-type]
            keep = [i for i, v in enumerate(result.vars) if v != "date"]
            rows = [tuple(str(row[i]) for i in keep) for row in result.rows]
            answers[name] = sorted(rows)
    return answers


@pytest.mark.parametrize("data", ["shipped", "synthetic"])
def test_an_answer_changes_only_on_the_answer_days(kg: IpoGraph, data: str, tmp_path: Path) -> None:
    """certainty.answer_days: every query about one day gives the same answer (rows and
    presumed column) from each of these days to the day before the next, before the first
    and after the last, so the empty-day note, which asks on these days only, finds the
    first answer exactly. Timeline.days() missed the day after a last attestation."""
    from ipo_graph.history.certainty import answer_days
    from ipo_graph.synth import write

    if data == "synthetic":
        write(1, tmp_path / "synth")
        graph = IpoGraph.load([tmp_path / "synth"]).graph
    else:
        graph = kg.graph
    store = make_target(graph, "oxigraph")
    days = answer_days(store)
    assert len(days) > 10 and days == answer_days(graph)  # both engines read the same days
    one, decade = dt.timedelta(days=1), dt.timedelta(days=3650)
    spans = [(dt.date(1900, 1, 1), days[0] - one)]
    spans += [(a, b - one) for a, b in pairwise(days)]
    spans += [(days[-1], days[-1] + decade)]
    changed = 0
    for first, last in spans:
        start = _dated_answers(store, first)
        assert start == _dated_answers(store, last), (first, last)
        changed += start != _dated_answers(store, last + one)
    assert changed >= 10  # the days are where answers change, not just any days


def test_answer_days_skip_a_bound_that_is_not_a_day(tmp_path: Path) -> None:
    """A bound stated by hand as no day (``ipo:heldFrom "voorjaar"``) is no day to try,
    not a crash of the empty-day note."""
    from ipo_graph.history.certainty import answer_days
    from ipo_graph.store import build_store, store_files

    odd = tmp_path / "odd.ttl"
    odd.write_text(
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        'ipod:odd ipo:heldFrom "voorjaar" ; ipo:heldUntil "2020-13-01" .\n',
        encoding="utf-8",
    )
    shipped = answer_days(build_store(store_files()))
    assert answer_days(build_store([*store_files(), odd])) == shipped


def test_why_shows_the_status_on_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["why", "ipod:tenure-bestuur-voorzitter-bovens", "--as-of", "2025-12-19"]) == 0
    assert "status on 2025-12-19: presumed (last stated 2020-12-01)" in capsys.readouterr().out
    assert main(["why", "ipod:tenure-bestuur-voorzitter-bovens", "--as-of", "2019-01-01"]) == 0
    assert "status on 2019-01-01: holds" in capsys.readouterr().out


def test_the_materialised_bounds_match_the_rule_on_both_engines(kg: IpoGraph) -> None:
    """The store path (Oxigraph) materialises exactly what the rdflib path does."""
    from ipo_graph.store import build_store, store_files

    store = build_store(store_files())
    q = "SELECT ?s ?p ?o { VALUES ?p { ipo:heldFrom ipo:heldUntil ipo:lastAttested } ?s ?p ?o }"
    ox = {tuple(map(str, r)) for r in execute(q, {}, store).rows}
    rd = {tuple(map(str, r)) for r in execute(q, {}, kg.graph).rows}
    assert ox == rd and len(ox) > 200
    # and the rule's facts read by rdflib's SPARQL engine (--engine rdflib) give the same
    derived = {tuple(map(str, t)) for t in Timeline.of_graph(kg.graph).derived()}
    assert derived == ox


def test_bind_params_keeps_working_for_dated_queries() -> None:
    q = find_query("posts-on")
    terms = bind_params(q, {"date": "2020-12-01"})
    assert terms["date"] == _day(dt.date(2020, 12, 1))


def test_strict_views_leave_out_what_is_only_presumed(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["stats", "--as-of", "2025-12-19", "--format", "json"]) == 0
    out = capsys.readouterr()
    loose = json.loads(out.out)["triples"]
    assert "presumed (shown as presumed: " in out.err
    assert main(["stats", "--as-of", "2025-12-19", "--strict", "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["triples"] < loose
    assert "presumed (left out: " in out.err


def test_statuses_on_many_days_equal_the_rule_on_each_day(kg: IpoGraph, tmp_path: Path) -> None:
    """Fact.statuses_on evaluates the rule only where it may change (Fact.change_days):
    on every fact of the shipped and a synthetic graph, on every day the data knows and
    on days in between, it must equal Fact.status asked day by day."""
    from ipo_graph.synth import write

    write(1, tmp_path / "synth")
    timelines = [kg.timeline, IpoGraph.load([tmp_path / "synth"]).timeline]
    for tl in timelines:
        known = tl.days()
        assert len(known) > 20
        between = [
            known[0] + dt.timedelta(days=n) for n in range(0, (known[-1] - known[0]).days, 97)
        ]
        edges = [dt.date(1, 1, 1), dt.date(9999, 12, 31)]
        for days in (known, sorted({*known, *between, *edges})):
            for fact in tl.facts.values():
                assert fact.statuses_on(days) == [fact.status(d).name for d in days], fact.thing
    assert Timeline([]).facts == {} and next(iter(kg.timeline.facts.values())).statuses_on([]) == []


# --- the rule's corner cases, each a small fixture (found by a bug hunt, 1 December 2026) ---

RULES = FIXTURES / "rules"


@pytest.mark.parametrize(
    ("fixture", "thing", "day", "expected"),
    [
        # a post cannot hold before its office began, though first mentioned earlier
        ("r1-floor.ttl", "r-post", "2021-06-01", "not-yet"),
        # a membership's own earlier beginning does not put it before its body (2003)
        ("r2-member-before-body.ttl", "r-mem", "1998-01-01", "not-yet"),
        ("r2-member-before-body.ttl", "r-mem", "2004-01-01", "holds"),
        # "tot 2003" of an office closed in mid-2001: holds from its founding to the closing
        ("r3-tot-of-ended.ttl", "r-lf", "1995-01-01", "holds"),
        ("r3-tot-of-ended.ttl", "r-lf", "2001-06-30", "holds"),
        ("r3-tot-of-ended.ttl", "r-lf", "2001-07-01", "ended"),
        # what a line implies about its post is worked out from the line's settled start
        ("r4-stale-implied.ttl", "r-p1", "1992-01-01", "unknown"),
        ("r4-stale-implied.ttl", "r-p1", "1997-01-01", "holds"),
        # an end stated as a year stays a year: unknown inside it, whatever ends later
        ("r6-year-end.ttl", "r-rl", "2003-03-01", "unknown"),
        ("r6-year-end.ttl", "r-rl", "2003-07-01", "ended"),
        # a planned change event ends nothing
        ("r7-planned-invalidation.ttl", "r-post", "2025-12-19", "presumed"),
        ("r7-planned-invalidation.ttl", "r-post", "2026-07-01", "presumed"),
        # a tenure that holds on no day shows nothing about its holder
        ("r8-never-holding-tenure.ttl", "r-person", "2021-12-31", "presumed"),
        # a stated end before the deadline wins, whatever order the rows come in
        ("r9-end-vs-deadline.ttl", "r-vac", "2024-02-05", "ended"),
        # a plan for a post lapses when the post ends (why and the day's view agree)
        ("r10-planned-of-ended.ttl", "r-mem", "2026-05-31", "planned"),
        ("r10-planned-of-ended.ttl", "r-mem", "2026-06-02", "ended"),
        # a plan carried out: planned until the beginning a later source states, then as
        # anything else (presumed after that source); one never carried out stays planned
        ("r11-plan-carried-out.ttl", "r-post", "2019-06-01", "unknown"),
        ("r11-plan-carried-out.ttl", "r-post", "2022-02-28", "planned"),
        ("r11-plan-carried-out.ttl", "r-post", "2022-03-01", "holds"),
        ("r11-plan-carried-out.ttl", "r-post", "2023-01-01", "presumed"),
        ("r11-plan-carried-out.ttl", "r-plan", "2023-01-01", "planned"),
        # a body with a stated beginning, last stated in 2020, that a 2027 source names a
        # chair of: it holds in 2027 (up to that source), not only presumed
        ("r12-later-member-of-dated-body.ttl", "r-body", "2024-01-01", "holds"),
        ("r12-later-member-of-dated-body.ttl", "r-body", "2027-03-01", "holds"),
        ("r12-later-member-of-dated-body.ttl", "r-body", "2027-03-02", "presumed"),
        ("r12-later-member-of-dated-body.ttl", "r-chair", "2027-03-01", "holds"),
    ],
)
def test_a_corner_of_the_rule(fixture: str, thing: str, day: str, expected: str) -> None:
    for route in ("store", "graph"):
        kg = IpoGraph.load([DATA, RULES / fixture])
        timeline = kg.timeline if route == "store" else Timeline.of_graph(kg.graph)
        found = timeline.status(IPOD[thing], day)
        assert found is not None and found.name == expected, (route, found)


@pytest.mark.parametrize(
    ("fixture", "query", "params", "absent"),
    [
        ("r1-floor.ttl", "posts-on", {"date": "2021-06-01"}, "Post D"),
        (
            "r2-member-before-body.ttl",
            "chair-of-body",
            {"date": "1998-01-01", "body": "ipod:bestuur"},
            "Persoon D",
        ),
    ],
)
def test_a_query_about_a_day_agrees_with_the_status_on_it(
    fixture: str, query: str, params: dict[str, str], absent: str
) -> None:
    """Regression: the status said not-yet, but the materialised ipo:heldFrom ignored the
    later beginning of what the thing is about, so '--param date' listed it."""
    kg = IpoGraph.load([DATA, RULES / fixture])
    q = find_query(query)
    rows = execute(q.text, bind_params(q, params), make_target(kg.graph, "oxigraph")).rows
    assert absent not in {str(v) for row in rows for v in row}


def test_a_plan_carried_out_is_answered_as_in_force_from_its_beginning() -> None:
    """Regression: a planned post whose beginning a later source states stayed planned
    for ever: `posts-on` left it out after it began, `planned` still listed it, and the
    day's view still flagged it as planned."""
    from ipo_graph.history import as_of_graph

    kg = IpoGraph.load([DATA, RULES / "r11-plan-carried-out.ttl"])
    target = make_target(kg.graph, "oxigraph")

    def answer(name: str, **params: str) -> set[str]:
        q = find_query(name)
        rows = execute(q.text, bind_params(q, params), target).rows
        return {str(v) for row in rows for v in row}

    assert "Post H" not in answer("posts-on", date="2022-02-28")
    assert "Post H" in answer("posts-on", date="2022-03-01")
    assert "Post I" not in answer("posts-on", date="2023-01-01")
    planned = answer("planned")
    assert "Post I" in planned and "Post H" not in planned
    view = as_of_graph(kg, "2023-01-01").graph
    assert (IPOD["r-post"], IPO.status, IPO.Planned) not in view
    assert (IPOD["r-plan"], IPO.status, IPO.Planned) in view
