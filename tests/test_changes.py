"""``changes``: what changed between two days, with the words on both sides.

Expected values from the sources: 000 line 37 (management under the AD, 50 and 80 fte),
001 line 57 (circa 400 / 100 / 300 staff), 63-64 (AD and directeur BIJ12 ad interim),
64-69 (plaatsvervangend algemeen directeur to be recruited), 78-79 (domeinmanagers).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.history.changes import Change, ChangeReport, changes, render_text

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "history" / "mini.ttl"
DOC_000 = "000_446a8e16cc534121.txt"
DOC_001 = "001_706ab6f4b2994d12.txt"


@pytest.fixture(scope="module")
def report(kg: IpoGraph) -> ChangeReport:
    return changes(kg, "2020-12-31", "2025-12-31")


def find(report: ChangeReport, category: str, iri_end: str) -> Change:
    hits = [
        c
        for c in report.changes
        if c.category == category and any(str(k).endswith(iri_end) for k in c.keys)
    ]
    assert len(hits) == 1, [c.title for c in report.changes if c.category == category]
    return hits[0]


def names(items: list) -> set[str]:  # type: ignore[type-arg]
    return {str(i.thing).rsplit("/", 1)[-1] for i in items}


def lines(items: list) -> set[tuple[str, int | None]]:  # type: ignore[type-arg]
    return {(q.document, q.line) for i in items for q in i.quotes}


def test_reporting_lines_to_the_ad_gain_one_and_lose_none(report: ChangeReport) -> None:
    """001 is silent about the 2020 lines: they are presumed, not removed (time-model.md)."""
    ch = find(report, "reporting line", "post-algemeen-directeur")
    assert ch.kind == "changed"
    assert names(ch.before) == set()
    assert names(ch.after) == {"reportingline-domeinmanager-ipo"}
    assert {
        "reportingline-coordinator-hnp",
        "reportingline-teammanager-ipo-1",
    } <= names(ch.unchanged)
    assert all(i.state == "presumed" for i in ch.unchanged)
    assert (DOC_001, 78) in lines(ch.after)


def test_the_summary_counts_by_kind(report: ChangeReport) -> None:
    assert report.summary["reporting line"] == {"newly attested": 1, "planned": 1}
    assert report.summary["vacancy"] == {"began": 1, "ended": 1}
    text = render_text(report)
    assert "summary:" in text and "reporting line: 1 newly attested" in text


def test_ad_interim_holders_appear(report: ChangeReport) -> None:
    for post in ("post-algemeen-directeur", "post-directeur-bij12"):
        ch = find(report, "tenure", post)
        assert ch.kind == "added"
        assert any("ad-interim" in n for n in names(ch.after))
        assert (DOC_001, 63) in lines(ch.after)


def test_the_deputy_post_is_reported_as_planned(report: ChangeReport) -> None:
    planned = [
        i
        for c in report.changes
        for i in c.after
        if str(i.thing).endswith("post-plaatsvervangend-algemeen-directeur")
    ]
    assert len(planned) == 1 and planned[0].state == "planned"
    line = find(report, "reporting line", "post-plaatsvervangend-algemeen-directeur")
    assert line.kind == "planned"


def test_staff_figures_changed(report: ChangeReport) -> None:
    """001 line 57 adds headcounts; the fte figures of 000 line 37 stay the latest of theirs."""
    ch = find(report, "staff figure", "StaffingFigure")
    assert ch.kind == "changed"
    assert (DOC_001, 57) in lines(ch.after) and len(ch.after) == 3
    assert ch.before == []
    assert {"figure-bureau-fte-2020", "figure-bij12-fte-2020"} <= names(ch.unchanged)


def test_bij12_units_were_added(report: ChangeReport) -> None:
    ch = find(report, "organisation", "/bij12")
    assert ch.kind == "added"
    assert {"bij12-faunazaken", "bij12-stikstof-en-natura-2000"} <= names(ch.after)
    assert (DOC_001, 45) in lines(ch.after)


def test_nothing_is_removed_by_a_later_source_s_silence(report: ChangeReport) -> None:
    """Only stated ends remove: the 2020 vacancy closed on 3 January 2021 (000 line 125)."""
    gone = {n for c in report.changes for n in names(c.before)}
    assert gone == {"vacancy-algemeen-directeur-2020"}
    assert all(i.state == "ended" for c in report.changes for i in c.before)


def test_nothing_changes_between_two_days_in_one_window() -> None:
    mini = IpoGraph.load([FIXTURE])
    assert changes(mini, "2021-01-01", "2025-12-18").changes == []
    assert "No changes." in render_text(changes(mini, "2021-01-01", "2025-12-18"))


def test_text_markdown_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["changes", "--data", str(FIXTURE), "--from", "2020-12-31", "--to", "2025-12-31"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "[changed] reporting lines to algemeen directeur" in text
    assert f'{DOC_001}:79: "De Algemeen Directeur is leidinggevende' in text
    assert main([*args, "--format", "md"]) == 0
    assert "## reporting lines to algemeen directeur: changed" in capsys.readouterr().out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == "2020-12-31"
    kinds = {c["title"]: c["kind"] for c in data["changes"]}
    assert kinds["reporting lines to algemeen directeur"] == "changed"


def test_bad_ranges_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["changes", "--data", str(FIXTURE), "--from", "2025-12-31", "--to", "2020-12-31"]) == 2
    )
    assert main(["changes", "--data", str(FIXTURE), "--from", "2025", "--to", "2026-01-01"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_a_thing_with_two_keys_is_grouped_alike_whatever_the_order(kg: IpoGraph) -> None:
    """Regression: the 2025 vacancy is for two posts (data/vacancies.ttl line 220, source
    001 lines 64-69) and was grouped by whichever ``ipo:forPost`` the graph listed first:
    the Directeur BIJ12 in rdflib, the deputy director in a store built in memory. Both
    orders now give the post first in code-point order."""
    from rdflib import Graph

    from ipo_graph.history.changes import categorise
    from ipo_graph.load import LoadedGraph
    from ipo_graph.namespaces import IPO, IPOD, RDF

    vacancy = IPOD["vacancy-plaatsvervangend-algemeen-directeur-2025"]
    posts = [IPOD["post-plaatsvervangend-algemeen-directeur"], IPOD["post-directeur-bij12"]]
    found = set()
    for order in (posts, posts[::-1]):
        graph = Graph()
        graph.add((vacancy, RDF.type, IPO.Vacancy))
        for post in order:
            graph.add((vacancy, IPO.forPost, post))
        found.add(categorise(IpoGraph(loaded=LoadedGraph(graph)), vacancy))
    assert found == {("vacancy", IPOD["post-directeur-bij12"])}
    assert categorise(kg, vacancy) == ("vacancy", IPOD["post-directeur-bij12"])


def test_a_quote_over_several_source_lines_stays_on_its_report_line(
    report: ChangeReport, kg: IpoGraph
) -> None:
    """Regression: an excerpt spanning lines (001:78-79) kept its line break in the text
    and Markdown reports, so the rest of the quote stood unindented at the start of a line."""
    from ipo_graph.provenance.why import explain
    from ipo_graph.provenance.why import render_text as why_text

    spanning = "De Algemeen Directeur is leidinggevende van de domeinmanagers in Den Haag."
    for text in (
        render_text(report),
        render_text(report, markdown=True),
        why_text(explain(kg, "ipod:reportingline-domeinmanager-ipo")),
    ):
        assert spanning in text
        quoted = [line for line in text.splitlines() if line.count('"') % 2 == 1]
        assert quoted == []  # every quotation mark closes on its own line


def test_tasks_are_grouped_by_their_list_and_dated_by_their_words(report: ChangeReport) -> None:
    """001:77-78 adds two duties of the algemeen directeur; 000's are presumed, not removed,
    and the deputy's (001:105-121) are planned."""
    ch = find(report, "responsibility", "scheme-taken-algemeen-directeur-2025")
    assert ch.kind == "added"
    assert names(ch.after) == {
        "concept-ad-eerste-aanspreekpunt",
        "concept-ad-eindverantwoordelijk-gehele-organisatie",
    }
    assert lines(ch.after) == {(DOC_001, 77)}
    assert not any(
        str(k).endswith("scheme-taken-algemeen-directeur") for c in report.changes for k in c.keys
    )
    plan = find(report, "responsibility", "scheme-taken-plaatsvervangend-algemeen-directeur")
    assert plan.kind == "planned"
    assert report.summary["responsibility"] == {"newly attested": 12, "planned": 13}
