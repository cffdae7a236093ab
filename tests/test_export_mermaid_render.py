"""The Mermaid org chart renders in Mermaid itself (the library GitHub uses for Markdown).

Mermaid (npm package ``mermaid``, pinned) is fetched once with ``npm pack`` into
``.cache/npm/`` and run in headless Chromium; without npm or Chromium the test is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.integration

MERMAID = "mermaid@11.17.2"
RENDER = """async (src) => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  try {
    await mermaid.parse(src);
    const out = await mermaid.render("chart", src);
    return out.svg;
  } catch (e) { return "ERROR " + e; }
}"""


@pytest.fixture(scope="module")
def mermaid_js(repo_root: Path) -> Path:
    folder = repo_root / ".cache" / "npm" / MERMAID.replace("@", "-")
    script = folder / "package" / "dist" / "mermaid.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed; cannot fetch Mermaid")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "pack", MERMAID, "--pack-destination", str(folder), "--silent"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    tarballs = sorted(folder.glob("mermaid-*.tgz"))
    if done.returncode != 0 or not tarballs:
        pytest.skip(f"npm pack {MERMAID} failed: {done.stderr.strip()[:200]}")
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(folder, filter="data")
    return script


def render(mermaid_js: Path, source: str) -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.set_content("<!doctype html><html><body></body></html>")
            tab.add_script_tag(path=str(mermaid_js))
            return str(tab.evaluate(RENDER, source))
        finally:
            browser.close()


def test_documented_org_chart_renders_in_mermaid(mermaid_js: Path, repo_root: Path) -> None:
    page = (repo_root / "docs" / "pictures.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- orgchart:begin -->\n```mermaid\n(.*?)```\n", page, re.DOTALL)
    assert block, "docs/pictures.md lacks the generated org chart"
    svg = render(mermaid_js, block.group(1))
    assert not svg.startswith("ERROR"), svg
    # the association, the units card and an ad-interim post appear in the drawing
    assert "Interprovinciaal Overleg" in svg and "6 eenheden" in svg
    assert "Algemeen directeur IPO a.i." in svg


def test_a_chart_with_a_note_under_its_title_renders_in_mermaid(mermaid_js: Path) -> None:
    """The note of a day before a later source (it holds a colon) is a quoted YAML title,
    which Mermaid reads: unquoted, the colon would end the title."""
    from ipo_graph.api import IpoGraph
    from ipo_graph.export import mermaid
    from ipo_graph.export.options import ExportOptions
    from ipo_graph.history import as_of_graph

    kg = as_of_graph(IpoGraph.load(), "2019-01-01")
    source = mermaid.mermaid_for(kg.graph, kg=kg, options=ExportOptions(as_of="2019-01-01"))
    assert 'title: "Interprovinciaal Overleg — stand op 1 januari 2019 (niet getoond: ' in source
    svg = render(mermaid_js, source)
    assert not svg.startswith("ERROR"), svg
    assert "niet getoond: " in svg and "zeggen de bronnen niet" in svg
