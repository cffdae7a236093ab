"""The HTML explorer in headless Chromium (Debian's ``chromium``, driven by Playwright).

The page is opened from a file: nothing may be fetched, nothing may log an error. It must
open as a tree rooted at IPO, keep every label inside its box, and let the details panel,
counts and styles follow the date control. Screenshots are kept in ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipo_graph.api import IpoGraph
from ipo_graph.export import ExportOptions, writer
from ipo_graph.privacy import without_personal_data
from support import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.integration

SELECTED = "window.ipoExplorer.cy.$('node:selected')"
VISIBLE = "window.ipoExplorer.cy.nodes().not('.off, .collapsed')"


@pytest.fixture(scope="module")
def explorer(kg: IpoGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explorer") / "ipo-explorer.html"
    writer("html")(without_personal_data(kg.graph), out, kg=kg, options=ExportOptions())
    return out


@pytest.fixture
def page(explorer: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh page per test, so that no test depends on another's clicks."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1600, "height": 1000})
        errors: list[str] = []
        requests: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(explorer.as_uri())
        tab.wait_for_function("typeof (window.ipoExplorer || {}).runLayout === 'function'")
        yield tab, errors, requests
        browser.close()


def set_date(tab: Any, day: str) -> None:
    index = tab.evaluate(f"window.ipoExplorer.dates.indexOf('{day}')")
    assert index >= 0, f"{day} is not a stop of the date control"
    tab.eval_on_selector(
        "#date", f"(el) => {{ el.value = '{index}'; el.dispatchEvent(new Event('input')); }}"
    )


def search(tab: Any, text: str) -> None:
    tab.fill("#search", text)
    tab.press("#search", "Enter")


def overlapping_boxes(tab: Any) -> list[str]:
    return list(
        tab.evaluate(
            f"""(() => {{
          const boxes = {VISIBLE}.map(
            n => [n.data('label'), n.boundingBox({{includeLabels: false}})]);
          const out = [];
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {{
            const a = boxes[i][1], b = boxes[j][1];
            if (a.x1 < b.x2 - 1 && b.x1 < a.x2 - 1 && a.y1 < b.y2 - 1 && b.y1 < a.y2 - 1)
              out.push(boxes[i][0] + ' | ' + boxes[j][0]);
          }}
          return out; }})()"""
        )
    )


def test_opens_offline_as_a_tree_rooted_at_ipo(page: tuple[Any, list[str], list[str]]) -> None:
    tab, errors, requests = page
    assert errors == []
    assert all(url.startswith("file:") for url in requests), requests  # works offline
    assert tab.input_value("#layout") == "tree"
    total = tab.evaluate("window.ipoExplorer.cy.nodes().length")
    shown = tab.evaluate(f"{VISIBLE}.length")
    assert total > 100 and 5 < shown < 30  # collapsed to two levels, not a hairball
    first = tab.evaluate(
        f"""(() => {{ const xs = {VISIBLE}.map(n => [n.data('label'), n.position('x')]);
          xs.sort((a, b) => a[1] - b[1]); return xs[0][0]; }})()"""
    )
    assert first == "Interprovinciaal Overleg"  # the tree grows from IPO to the right
    assert overlapping_boxes(tab) == []


def test_opens_readable_and_fits_on_request(page: tuple[Any, list[str], list[str]]) -> None:
    """Regression: the tree opened with IPO's parts in one row, fitted to the window at a
    third of full size (11 px labels drawn at 4 px): nothing could be read at a glance."""
    tab, errors, _ = page
    zoom = "window.ipoExplorer.cy.zoom()"
    assert tab.evaluate(zoom) >= 0.7
    tab.click("#expand")  # every level: readable from IPO on, not shrunk to fit
    assert tab.evaluate(zoom) >= 0.7
    in_view = f"""(() => {{ const e = window.ipoExplorer.cy.extent();
      const b = {VISIBLE}.filter(n => n.data('label') === 'Interprovinciaal Overleg')
        .boundingBox();
      return b.x1 >= e.x1 && b.x2 <= e.x2 && b.y1 >= e.y1 && b.y2 <= e.y2; }})()"""
    assert tab.evaluate(in_view)
    tab.click("#fit")  # the whole tree at once, on request
    assert tab.evaluate(zoom) < 0.7
    assert errors == []


def test_labels_stay_inside_their_boxes(page: tuple[Any, list[str], list[str]]) -> None:
    tab, errors, _ = page
    tab.click("#expand")  # every level, every day's nodes of the start date
    clipped = tab.evaluate(
        f"""{VISIBLE}.filter(n => {{
          const body = n.boundingBox({{includeLabels: false}});
          const text = n.boundingBox(
            {{includeNodes: false, includeEdges: false, includeLabels: true}});
          return text.x1 < body.x1 - 0.5 || text.x2 > body.x2 + 0.5 ||
                 text.y1 < body.y1 - 0.5 || text.y2 > body.y2 + 0.5;
        }}).map(n => n.data('label'))"""
    )
    assert clipped == []
    assert overlapping_boxes(tab) == []
    search(tab, "Theo Bovens")  # the label once shown as "heo Bovens"
    tab.wait_for_timeout(400)  # the centring animation (250 ms)
    inside = tab.evaluate(
        f"""(() => {{ const e = window.ipoExplorer.cy.extent();
          const b = {SELECTED}.boundingBox({{includeLabels: true}});
          return b.x1 >= e.x1 && b.x2 <= e.x2 && b.y1 >= e.y1 && b.y2 <= e.y2; }})()"""
    )
    assert inside
    assert errors == []


def test_search_selects_and_says_when_nothing_matches(
    page: tuple[Any, list[str], list[str]], repo_root: Path
) -> None:
    tab, errors, _ = page
    search(tab, "BIJ12")
    tab.wait_for_function(f"{SELECTED}.length === 1")
    assert tab.evaluate(f"{SELECTED}.data('label')") == "BIJ12"
    details = tab.inner_text("#details")
    assert details.startswith("BIJ12")
    assert "Utrecht" in details  # its primary site, and in the source excerpts
    assert "001_706ab6f4b2994d12.txt" in details
    artefacts = repo_root / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    tab.wait_for_timeout(300)  # let the centring animation (250 ms) finish
    tab.screenshot(path=str(artefacts / "explorer.png"))
    assert (artefacts / "explorer.png").stat().st_size > 10_000
    search(tab, "Jan Jansen")
    assert "Niets gevonden voor “Jan Jansen”" in tab.inner_text("#matches")
    assert "niets gevonden" in tab.inner_text("#status")
    assert tab.evaluate(f"{SELECTED}.data('label')") == "BIJ12"  # the selection stays
    assert errors == []


def test_details_counts_and_styles_follow_the_date(
    page: tuple[Any, list[str], list[str]], repo_root: Path
) -> None:
    tab, errors, _ = page
    dates = tab.evaluate("window.ipoExplorer.dates")
    assert dates == sorted(dates) and len(dates) > 5  # a stop for every day the data knows
    assert {"1986-01-01", "2014-01-01", "2020-12-01", "2025-12-19"} <= set(dates)
    assert tab.inner_text("#date-label") == "2025-12-19"  # starts on the latest state date
    search(tab, "BIJ12")
    tab.wait_for_function(f"{SELECTED}.length === 1")
    details = tab.inner_text("#details")
    assert "Relaties op 2025-12-19" in details and "Faunazaken" in details
    units_2025 = tab.inner_text("label:has(#filter-sub-organisation) .count")
    set_date(tab, "2020-12-01")
    details = tab.inner_text("#details")
    # BIJ12's units are listed only in December 2025; the details say the day they show
    assert "Relaties op 2020-12-01" in details and "Faunazaken" not in details
    assert "geldt op 2020-12-01" in details
    assert tab.inner_text("label:has(#filter-sub-organisation) .count") != units_2025
    assert "op 2020-12-01" in tab.inner_text("#status")
    label = "window.ipoExplorer.cy.nodes().filter(n => n.data('label') === '{0}')"
    label += ".not('.off').length"
    assert tab.evaluate(label.format("Theo Bovens")) == 1  # chairs the board in late 2020
    assert tab.evaluate(label.format("Faunazaken")) == 0
    # the time rule, per day: Theo Bovens holds in late 2020 and is presumed in 2025
    # (000 l.25 names him; 001 is silent and states no end)
    bovens = "window.ipoExplorer.cy.nodes().filter(n => n.data('label') === 'Theo Bovens')[0]"
    assert tab.evaluate(f"{bovens}.hasClass('presumed')") is False
    search(tab, "Theo Bovens")
    tab.wait_for_function(f"{SELECTED}.length === 1")
    assert "vermoedelijk" not in tab.inner_text("#details")
    # the planned deputy post: drawn dashed from the latest state date, not in 2020
    planned = "window.ipoExplorer.cy.nodes('[?planned]').not('.off').length"
    assert tab.evaluate(planned) == 0
    set_date(tab, "2025-12-19")
    assert tab.evaluate(f"{bovens}.hasClass('presumed')") is True
    assert "vermoedelijk, laatst vermeld 2020-12-01" in tab.inner_text("#details")
    assert tab.evaluate(f"{bovens}.style('color')") == "rgb(127,127,127)"  # muted
    assert tab.evaluate(planned) > 0
    assert tab.evaluate("window.ipoExplorer.cy.nodes('[?planned]')[0].style('border-style')") == (
        "dashed"
    )
    tab.uncheck("#show-planned")
    assert tab.evaluate(planned) == 0
    tab.check("#all-dates")
    assert tab.inner_text("#date-label") == "alle data"
    assert errors == []


def test_levels_collapse_and_the_force_layout_is_an_option(
    page: tuple[Any, list[str], list[str]],
) -> None:
    tab, errors, _ = page
    two = tab.evaluate(f"{VISIBLE}.length")
    tab.fill("#levels", "3")
    tab.dispatch_event("#levels", "change")
    three = tab.evaluate(f"{VISIBLE}.length")
    assert three > two
    tab.fill("#levels", "1")
    tab.dispatch_event("#levels", "change")
    assert tab.evaluate(f"{VISIBLE}.map(n => n.data('label'))") == ["Interprovinciaal Overleg"]
    ipo = "window.ipoExplorer.cy.getElementById('https://w3id.org/ipo-graph/id/ipo')"
    assert tab.evaluate(f"{ipo}.hasClass('has-hidden')")  # a thick border: folded
    tab.evaluate(f"{ipo}.emit('dbltap')")  # a double click unfolds it
    assert tab.evaluate(f"{VISIBLE}.length") > 5
    tab.evaluate(f"{ipo}.emit('dbltap')")  # and folds it again
    assert tab.evaluate(f"{VISIBLE}.length") == 1
    tab.click("#expand")
    assert tab.evaluate(f"{VISIBLE}.length") > three
    visible = 'window.ipoExplorer.cy.edges("{sel}").not(".off").length'
    assert tab.evaluate(visible.format(sel="edge[kind = 'post-in']")) > 0
    tab.uncheck("#filter-post-in")
    assert tab.evaluate(visible.format(sel="edge[kind = 'post-in']")) == 0
    tab.select_option("#layout", "force")
    assert tab.evaluate(f"{VISIBLE}.length") > three
    assert errors == []
