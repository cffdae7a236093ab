"""Only a crash of headless Chromium's page is run again, never a failing assertion.

Headless Chromium's renderer now and then dies under a busy machine ("Target crashed"),
which says nothing about the page under test. The project's pytest options (pyproject's
``addopts``) rerun a test that fails that way and no other; these tests run an inner
pytest session with those options on a page crashed on purpose (``chrome://crash``).
"""

from __future__ import annotations

import shlex
import tomllib
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.integration

TESTS = Path(__file__).resolve().parent

CRASHED_ONCE = """
import sys
sys.path.insert(0, {tests!r})
from playwright.sync_api import sync_playwright
from support import CHROMIUM, CHROMIUM_ARGS

def test_page(request):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.set_content("<p>ok</p>")
        if request.node.execution_count == 1:  # the first run: the renderer dies
            try:
                tab.goto("chrome://crash", timeout=5000)
            except Exception:
                pass
        assert tab.evaluate("1 + 1") == 2
        browser.close()
"""

FAILS = """
def test_wrong(request):
    assert request.node.execution_count == 0, "a real failure"
"""


def project_options() -> list[str]:
    config = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    return shlex.split(config["tool"]["pytest"]["ini_options"]["addopts"])


@pytest.fixture
def browser_ready() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    pytest.importorskip("playwright.sync_api")
    assert "--disable-dev-shm-usage" in CHROMIUM_ARGS


def test_a_crashed_page_is_run_again(pytester: pytest.Pytester, browser_ready: None) -> None:
    pytester.makepyfile(CRASHED_ONCE.format(tests=str(TESTS)))
    result = pytester.runpytest_subprocess(*project_options())
    assert result.parseoutcomes() == {"passed": 1, "rerun": 1}


def test_a_failing_assertion_is_not_run_again(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(FAILS)
    result = pytester.runpytest_subprocess(*project_options())
    assert result.parseoutcomes() == {"failed": 1}
