"""The README and docs/*.md cannot drift from the project they describe.

Every figure the pages quote about the graph is computed here from the commands that print
it (``stats``, ``validate``) or from the files themselves, and compared with the text; the
README stays a one-screen start that opens with ``make run`` and ``make test`` and lists
every command; and every relative link (and its #anchor) points at something that exists.
Benchmark figures are not checked: each names the benchmark run that produced it.
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import rdflib

from ipo_graph.cli import COMMANDS, main
from ipo_graph.queryfiles import named_queries

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
PAGES = sorted((REPO / "docs").glob("*.md"))
WORDS = {"two": 2, "four": 4, "six": 6, "twelve": 12}


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def number(figure: str) -> int:
    return WORDS[figure] if figure in WORDS else int(figure.replace(",", ""))


@cache
def run_json(*argv: str) -> Any:
    """The JSON a command prints (run once per session)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*argv, "--format", "json"])
    assert code == 0, argv
    return json.loads(out.getvalue())


def stats() -> dict[str, Any]:
    data: dict[str, Any] = run_json("stats")
    return data


def validation() -> dict[str, Any]:
    data: dict[str, Any] = run_json("validate")
    return data


def figures_block() -> str:
    page = text(REPO / "docs" / "graph.md")
    found = re.search(r"<!-- figures:begin -->\n(.*?)<!-- figures:end -->", page, re.DOTALL)
    assert found, "docs/graph.md lacks its <!-- figures:begin/end --> block"
    return " ".join(found.group(1).split())


def figure(pattern: str, where: str) -> int:
    found = re.search(pattern, where)
    assert found, f"no figure matching {pattern!r} in {where!r}"
    return number(found.group(1))


# --- figures about the graph ----------------------------------------------------------------


def test_stats_figures_are_current() -> None:
    block, s = figures_block(), stats()
    assert figure(r"\*\*([\d,]+) triples\*\*", block) == s["triples"]
    assert figure(r"of which \*\*([\d,]+)\*\* are\s+entailed", block) == s["inferred"]
    assert figure(r"\*\*([\d,]+) excerpts\*\*", block) == s["classes"]["ipo:Excerpt"]
    assert figure(r"\*\*(\w+) source documents\*\*", block) == len(s["sources"])
    assert figure(r"\*\*(\w+) provinces\*\*", block) == s["classes"]["ipo:Province"]
    assert figure(r"\*\*(\w+) people\*\*", block) == s["classes"]["foaf:Person"]


def test_validate_figures_are_current() -> None:
    block, v = figures_block(), validation()
    assert v["conforms"] is True
    files, triples = len(v["files"]), v["triples"]
    assert f"`ok: {files} files, {triples} triples conform to the shapes`" in block
    data_files = sorted((REPO / "data").glob("*.ttl"))
    assert figure(r"the (\d+) files under `data/`", block) == len(data_files)
    # the example report in validation.md runs on the same files
    example = text(REPO / "docs" / "validation.md")
    assert figure(r"\d+ violations in (\d+) files", example) == files


def test_the_example_report_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """validation.md's example report (and annotation) is the one validate prints for the
    block it shows, added as the page says: the page said line 89 of a file that has had
    77 since."""
    import shutil

    page = text(REPO / "docs" / "validation.md")
    found = re.search(
        r"```turtle\n(ipod:post-teammanager-4\n.*?)```\n\n```text\n(.*?)```", page, re.S
    )
    assert found, "validation.md lacks the example report"
    added, report = found.groups()
    shutil.copytree(REPO / "data", tmp_path / "data")
    roles = tmp_path / "data" / "roles.ttl"
    prefixes = (
        "@prefix ipo: <https://w3id.org/ipo-graph/def#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    )
    roles.write_text(prefixes + text(roles) + "\n" + added, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "data"]) == 1
    assert capsys.readouterr().out == report
    # the annotation shown for it in CI, cut at its first "…"
    shown = re.search(r"```text\n(::error file=data/roles\.ttl,.*?) …", page)
    assert shown, "validation.md lacks the example annotation"
    assert main(["validate", "--format", "github", "data"]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert any(line.startswith(shown.group(1)) for line in printed), printed


def test_graph_page_figures_match_the_data() -> None:
    page, s = text(REPO / "docs" / "graph.md"), stats()
    assert figure(r"the excerpts \((\d+)\)", page) == s["classes"]["ipo:Excerpt"]
    assert figure(r"the (\w+) documents in `sources/`", page) == len(s["sources"])
    assert figure(r"the (\w+) provinces with TOOI", page) == s["classes"]["ipo:Province"]
    assert figure(r"the (\w+) people the sources name", page) == s["classes"]["foaf:Person"]
    modelling = text(REPO / "docs" / "modelling.md")
    assert figure(r"The (\w+) source documents live", modelling) == len(s["sources"])
    readme = " ".join(text(README).split())
    assert figure(r"the association of the (\w+) Dutch provinces", readme) == 12
    assert s["classes"]["ipo:Province"] == 12


def test_seat_figures_match_seats_ttl() -> None:
    """docs/graph.md lists the seats of seats.ttl; their sum is the number of seats there."""
    page = " ".join(text(REPO / "docs" / "graph.md").split())
    row = re.search(r"\| `seats.ttl` \|(.*?)\|", page)
    assert row
    counts = re.findall(
        r"(\d+|two|four|twelve) (?:AV seats|Bestuur seats|advisers|seats of|Kring)", row.group(1)
    )
    g = rdflib.Graph().parse(REPO / "data" / "seats.ttl")
    seat = rdflib.URIRef("https://w3id.org/ipo-graph/def#Seat")
    assert sum(number(c) for c in counts) == len(set(g.subjects(rdflib.RDF.type, seat)))


def test_graph_page_lists_every_data_file() -> None:
    page = text(REPO / "docs" / "graph.md")
    for f in sorted((REPO / "data").glob("*.ttl")):
        assert f"`{f.name}`" in page, f.name


def test_query_table_lists_exactly_the_named_queries() -> None:
    page = text(REPO / "docs" / "queries.md")
    rows = set(re.findall(r"^\| `([a-z0-9-]+)` \|", page, re.MULTILINE))
    assert rows == set(named_queries())


# --- the README: one screen to start ---------------------------------------------------------


def test_readme_is_one_screen_that_opens_with_the_two_commands() -> None:
    lines = text(README).splitlines()
    assert len(lines) <= 200, len(lines)
    commands = [ln.split("#")[0].strip() for ln in lines if ln.startswith("make ")]
    assert commands[:2] == ["make run", "make test"]
    first_block = text(README).split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert [ln.split()[:2] for ln in first_block] == [["make", "run"], ["make", "test"]]
    assert "source .venv/bin/activate" in text(README)
    assert "`build/`" in text(README)


def test_readme_command_table_lists_every_command() -> None:
    readme = text(README)
    start = readme.index("<!-- section:commands -->")
    table = readme[start : readme.index("\n## ", start)]
    listed = set(re.findall(r"^\| `ipo-graph ([a-z]+)", table, re.MULTILINE))
    assert listed == set(COMMANDS)


def test_history_page_links_the_time_rule() -> None:
    assert "](modelling.md#as-of-semantics)" in text(REPO / "docs" / "history.md")


def test_readme_links_every_docs_page() -> None:
    readme = text(README)
    for page in PAGES:
        assert f"](docs/{page.name})" in readme, page.name


# --- links ------------------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    plain = re.sub(r"[`*]|<[^>]+>", "", heading).strip().lower()
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    return re.sub(r"[^\w\- ]", "", plain).replace(" ", "-")


@cache
def anchors(path: Path) -> frozenset[str]:
    seen: dict[str, int] = {}
    found = set()
    for line in FENCE.sub("", text(path)).splitlines():
        heading = re.match(r"#{1,6} (.+)", line)
        if heading:
            base = slug(heading.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    return frozenset(found)


def links() -> list[tuple[Path, str]]:
    out = []
    for path in [README, *PAGES]:
        body = FENCE.sub("", text(path))
        body = re.sub(r"`[^`\n]*`", "", body)
        out += [(path, target) for target in LINK.findall(body)]
    return out


@pytest.mark.parametrize(
    ("page", "target"),
    [(p, t) for p, t in links() if not re.match(r"[a-z]+:", t)],
    ids=lambda x: x.name if isinstance(x, Path) else x,
)
def test_relative_link_resolves(page: Path, target: str) -> None:
    file_part, _, anchor = target.partition("#")
    dest = (page.parent / unquote(file_part)).resolve() if file_part else page
    assert dest.exists(), f"{page.relative_to(REPO)}: {target} names no file"
    if anchor and dest.suffix == ".md":
        assert anchor in anchors(dest), (
            f"{page.relative_to(REPO)}: no heading #{anchor} in {dest.name}"
        )


def test_the_history_page_shows_what_changes_and_why_print(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: history.md's `changes` summary and the lines `why` cites had gone stale
    (a bug hunt found them): each example line must be a line the command prints now."""
    page = text(REPO / "docs" / "history.md")
    example = re.search(r"```text\n(Changes from 2020-12-01 to 2025-12-19\n.*?)\n…", page, re.S)
    assert example, "history.md lacks the changes example"
    assert main(["changes", "--from", "2020-12-01", "--to", "2025-12-19"]) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = example.group(1).splitlines()
    assert shown == printed[: len(shown)]
    assert main(["why", "ipod:bestuur", "*", "voorzitter"]) == 0
    printed_why = set(capsys.readouterr().out.splitlines())
    cited = re.findall(r"^ *defined at data/\S+$", page, re.M)
    assert cited and all(line in printed_why for line in cited), cited


def test_the_history_page_shows_lines_why_prints_in_their_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: the `why` example ended with "No recorded discrepancy touches it." while
    `why` lists two discrepancies for it. Every shown line but the elisions ("…") must be
    a line `why` prints, in the order it prints them."""
    page = text(REPO / "docs" / "history.md")
    example = re.search(
        r"```text\n\$ ipo-graph why ipod:bestuur '\*' voorzitter\n(.*?)\n```", page, re.S
    )
    assert example, "history.md lacks the why example"
    shown = [line for line in example.group(1).splitlines() if line.strip() != "…"]
    assert main(["why", "ipod:bestuur", "*", "voorzitter"]) == 0
    printed = iter(capsys.readouterr().out.splitlines())
    missing = [line for line in shown if not any(line == out for out in printed)]
    assert not missing, missing


def test_the_editing_page_shows_the_node_excerpt_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: editing.md's excerpt node had labels cut one character later than
    `excerpt` cuts them; the node shown must be the one the command shown prints."""
    page = text(REPO / "docs" / "editing.md")
    command = re.search(r"```sh\n(ipo-graph excerpt .*?)\n```", page, re.S)
    shown = re.search(r"```turtle\n(ipod:excerpt-.*?)\n```", page, re.S)
    assert command and shown, "editing.md lacks the excerpt example"
    argv = shlex.split(command.group(1).replace("\\\n", " "))
    assert main(argv[1:]) == 0
    assert capsys.readouterr().out.rstrip("\n") == shown.group(1)
