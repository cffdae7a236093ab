"""The HTML explorer in headless Chromium (Debian's ``chromium``, driven by Playwright).

The page is opened from a file: nothing may be fetched, nothing may log an error. A
screenshot is kept in ``test-artifacts/explorer.png`` for people to look at.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ipo_graph.api import IpoGraph
from ipo_graph.export import writer
from ipo_graph.privacy import without_personal_data
from support import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def explorer(kg: IpoGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("explorer") / "ipo-explorer.html"
    args = argparse.Namespace(root=None, as_of=None)
    writer("html")(without_personal_data(kg.graph), out, kg=kg, args=args)
    return out


@pytest.fixture(scope="module")
def page(explorer: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
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
        tab.wait_for_function("window.ipoExplorer && window.ipoExplorer.cy.nodes().length > 0")
        yield tab, errors, requests
        browser.close()


def test_page_loads_offline_without_errors(
    page: tuple[Any, list[str], list[str]], kg: IpoGraph
) -> None:
    tab, errors, requests = page
    assert errors == []
    assert all(url.startswith("file:") for url in requests), requests  # works offline
    rendered = tab.evaluate("window.ipoExplorer.cy.nodes().length")
    assert rendered > 100  # 12 provinces, 24 AV seats, 12 board seats … all drawn
    box = tab.evaluate(
        "(() => { const b = window.ipoExplorer.cy.elements().boundingBox(); return b.w * b.h; })()"
    )
    assert box > 0  # laid out, not all piled on one point


def test_search_selects_bij12_and_shows_its_details(
    page: tuple[Any, list[str], list[str]], repo_root: Path
) -> None:
    tab, errors, _ = page
    tab.fill("#search", "BIJ12")
    tab.press("#search", "Enter")
    tab.wait_for_function("window.ipoExplorer.cy.$('node:selected').length === 1")
    assert tab.evaluate("window.ipoExplorer.cy.$('node:selected').data('label')") == "BIJ12"
    details = tab.inner_text("#details")
    assert details.startswith("BIJ12")
    assert "Utrecht" in details  # its primary site, and in the source excerpts
    assert "001_706ab6f4b2994d12.txt" in details
    artefacts = repo_root / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    tab.wait_for_timeout(300)  # let the centring animation (250 ms) finish
    tab.screenshot(path=str(artefacts / "explorer.png"))
    assert (artefacts / "explorer.png").stat().st_size > 10_000
    assert errors == []


def test_relation_filter_and_date_control(page: tuple[Any, list[str], list[str]]) -> None:
    tab, errors, _ = page
    visible = 'window.ipoExplorer.cy.elements("{sel}").not(".off").length'
    assert tab.evaluate(visible.format(sel="edge[kind = 'reports-to']")) > 0
    tab.uncheck("#filter-reports-to")
    assert tab.evaluate(visible.format(sel="edge[kind = 'reports-to']")) == 0
    tab.check("#filter-reports-to")
    dates = tab.evaluate("window.ipoExplorer.dates")
    # every day the data knows: the founding of IPO (1986) … the state dates … later ends
    assert dates[0] == "1986-01-01" and {"2020-12-01", "2025-12-19"} <= set(dates)
    label = (
        "window.ipoExplorer.cy.nodes().filter(n => n.data('label') === '{0}').not('.off').length"
    )
    # late 2020: Theo Bovens chairs the board; BIJ12's units are listed only in Dec 2025
    late_2020 = str(dates.index("2020-12-01"))
    tab.eval_on_selector(
        "#date", f"(el) => {{ el.value = '{late_2020}'; el.dispatchEvent(new Event('input')); }}"
    )
    assert tab.is_checked("#all-dates") is False
    assert tab.evaluate(label.format("Theo Bovens")) == 1
    assert tab.evaluate(label.format("Faunazaken")) == 0
    last = str(dates.index("2025-12-19"))
    tab.eval_on_selector(
        "#date", f"(el) => {{ el.value = '{last}'; el.dispatchEvent(new Event('input')); }}"
    )
    assert tab.evaluate(label.format("Faunazaken")) == 1
    # the planned deputy post holds on no date
    planned = "window.ipoExplorer.cy.nodes('[?planned]').not('.off').length"
    assert tab.evaluate(planned) == 0
    tab.check("#all-dates")
    assert tab.evaluate(planned) > 0
    assert errors == []
