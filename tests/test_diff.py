"""``diff``: the statements added and removed between two git revisions of the data.

A temporary git repository gets two commits of ``data/`` (fixtures in
tests/fixtures/history/diff); the expected changes are the edits between those files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from ipo_graph.cli import main
from ipo_graph.errors import ParseError, UsageError
from ipo_graph.gitdiff import diff_graphs, diff_revisions, render_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "history"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def commit(repo: Path, fixture: Path, message: str) -> None:
    target = repo / "data" / "graph.ttl"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(fixture, target)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    ident = [
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run(["git", "-C", str(repo), "add", "data"], check=True, env=env)
    subprocess.run(
        ["git", "-C", str(repo), *ident, "commit", "-q", "-m", message], check=True, env=env
    )


def two_commits(repo: Path, first: Path, second: Path) -> Path:
    """A new git repository at ``repo`` whose two commits hold ``first``, then ``second``."""
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit(repo, first, "first")
    commit(repo, second, "second")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return two_commits(tmp_path, FIXTURES / "diff" / "before.ttl", FIXTURES / "diff" / "after.ttl")


def test_changed_statements_grouped_by_subject(repo: Path) -> None:
    d = diff_revisions(repo, "HEAD~1", "HEAD")
    by = {s.subject: s for s in d.subjects}
    figure = by["ipod:figure-bureau-fte-2020"]
    assert figure.label == "IPO-bureau Den Haag: 50 fte (eind 2020)"
    assert figure.removed == [("schema:value", '"50"^^xsd:integer')]
    assert figure.added == [("schema:value", '"40"^^xsd:integer')]
    gone = by["ipod:post-teammanager-ipo-1"]
    assert (
        "org:reportsTo",
        "ipod:post-algemeen-directeur (Algemeen directeur IPO)",
    ) in gone.removed
    assert not gone.added
    new = by["ipod:post-domeinmanager-ipo"]
    assert ("rdfs:label", '"Domeinmanager IPO"@nl') in new.added and not new.removed


def test_a_changed_blank_node_is_shown_inside_the_statement_that_holds_it(repo: Path) -> None:
    d = diff_revisions(repo, "HEAD~1", "HEAD")
    interval = [s for s in d.subjects if "membership-bestuur-voorzitter-bovens" in s.subject]
    assert len(interval) == 1  # one place, not one per blank node
    (removed,) = interval[0].removed
    (added,) = interval[0].added
    assert '"2018-03-01"^^xsd:date' in removed[1] and '"2018-03-20"^^xsd:date' in added[1]
    assert all(not s.subject.startswith("[]") for s in d.subjects)


def test_renamed_blank_nodes_and_reordered_statements_are_no_change(repo: Path) -> None:
    commit(repo, FIXTURES / "diff" / "same-as-before.ttl", "third: the first again, rewritten")
    d = diff_revisions(repo, "HEAD~2", "HEAD")
    assert d.subjects == [] and d.removed == d.added == 0
    assert "No change in the statements." in render_text(d)


def test_working_tree_is_the_default_second_side(repo: Path) -> None:
    shutil.copyfile(FIXTURES / "diff" / "before.ttl", repo / "data" / "graph.ttl")
    d = diff_revisions(repo, "HEAD")
    assert d.rev_b == "WORKTREE"
    assert {"ipod:post-teammanager-ipo-1", "ipod:post-domeinmanager-ipo"} <= {
        s.subject for s in d.subjects
    }


def test_an_untouched_blank_node_alike_others_is_no_change(tmp_path: Path) -> None:
    """Regression: three intervals alike before an edit, two given an end after it; the
    third (the association's membership, untouched) was listed as removed and added, as
    each side's canonical form named it after the whole graph. Each blank node is now
    matched by its own content and the statements that refer to it."""
    alike = FIXTURES / "diff-alike"
    repo = two_commits(tmp_path, alike / "before.ttl", alike / "after.ttl")
    d = diff_revisions(repo, "HEAD~1", "HEAD")
    assert [s.subject for s in d.subjects] == [
        "ipod:membership-bestuur-voorzitter-bovens",
        "ipod:tenure-bestuur-voorzitter-bovens",
    ]
    assert (d.removed, d.added) == (6, 8)  # two intervals of three statements, then four
    assert main(["diff", "HEAD~1", "HEAD", "--repo", str(repo), "--exit-code"]) == 1


def test_alike_blank_nodes_are_interchangeable() -> None:
    def turtle(objects: str) -> Graph:
        return Graph().parse(data=f"<http://e/a> <http://e/p> {objects} .", format="turtle")

    two, one = turtle("[ <http://e/q> 1 ], [ <http://e/q> 1 ]"), turtle("[ <http://e/q> 1 ]")
    assert not diff_graphs(two, turtle("[ <http://e/q> 1 ] , [ <http://e/q> 1 ]")).changed
    d = diff_graphs(two, one)  # one of the two gone: which one does not matter
    assert (d.removed, d.added) == (2, 0)
    assert d.subjects[0].removed == [("<http://e/p>", '[<http://e/q> "1"^^xsd:integer]')]


def test_blank_nodes_only_each_other_refers_to_are_a_change() -> None:
    """Such statements are spelled out under no subject; ``--exit-code`` and the text
    went by the list of subjects, and called the graphs the same."""
    ring = "_:x <http://e/p> _:y . _:y <http://e/p> _:x ."
    d = diff_graphs(Graph(), Graph().parse(data=ring, format="turtle"))
    assert d.changed and d.added == 2
    assert "No change" not in render_text(d)
    # regression: and they are listed, once, under the ring's first node
    assert [(s.subject, s.added) for s in d.subjects] == [
        ("[[] <http://e/p>]", [("<http://e/p>", "[<http://e/p> […]]")])
    ]
    hung = "<http://e/s> <http://e/q> _:x . " + ring  # reached from a subject: shown there
    d = diff_graphs(Graph(), Graph().parse(data=hung, format="turtle"))
    assert [(s.subject, s.added) for s in d.subjects] == [
        ("<http://e/s>", [("<http://e/q>", "[<http://e/p> [<http://e/p> […]]]")])
    ]


def test_cli_formats_and_exit_code(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["diff", "HEAD~1", "HEAD", "--repo", str(repo)]
    assert main(base) == 0
    text = capsys.readouterr().out
    assert "ipod:figure-bureau-fte-2020  (IPO-bureau Den Haag: 50 fte (eind 2020))" in text
    assert '  - schema:value "50"^^xsd:integer' in text
    assert '  + schema:value "40"^^xsd:integer' in text
    assert main([*base, "--exit-code"]) == 1
    capsys.readouterr()
    assert main([*base, "--format", "md"]) == 0
    assert "```diff" in capsys.readouterr().out
    assert main([*base, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == "HEAD~1" and data["added"] > 0 and data["removed"] > 0
    assert main(["diff", "HEAD", "HEAD", "--repo", str(repo), "--exit-code"]) == 0


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (["--output", "{out}"], "--output applies to the picture (--format svg, png or dot)"),
        (["--format", "md", "--output", "{out}"], "--output applies to the picture"),
        (["--as-of", "2025-12-19"], "--as-of applies to the picture"),
        (["--format", "json", "--view", "combined"], "--view applies to the picture"),
        (
            ["--format", "svg", "--output", "{out}", "--exit-code"],
            "--exit-code applies to the list",
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_an_option_of_the_other_kind_of_answer_is_refused(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], given: list[str], says: str
) -> None:
    """Regression: the picture's options with a list, and --exit-code with a picture, were
    dropped, exit 0: ``--format md --output FILE`` printed to stdout and wrote no file."""
    out = tmp_path / "out"
    argv = ["diff", "HEAD~1", "HEAD", "--repo", str(repo)]
    assert main([*argv, *(a.replace("{out}", str(out)) for a in given)]) == 2
    out_err = capsys.readouterr()
    assert says in out_err.err and out_err.out == ""
    assert not out.exists()


def test_bad_revisions_and_paths_are_usage_errors(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UsageError, match="unknown git revision"):
        diff_revisions(repo, "no-such-rev", "HEAD")
    with pytest.raises(UsageError, match="no RDF files"):
        diff_revisions(repo, "HEAD~1", "HEAD", path="nothing-here")
    assert main(["diff", "nope", "--repo", str(repo)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_syntax_error_names_revision_file_and_line(repo: Path) -> None:
    commit(repo, FIXTURES / "diff-broken" / "broken.ttl", "broken")
    with pytest.raises(ParseError) as err:
        diff_revisions(repo, "HEAD~1", "HEAD")
    assert str(err.value).startswith("HEAD:data/graph.ttl")


def test_a_byte_that_is_not_utf8_names_revision_file_and_line(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``git show`` and the working tree were decoded without a check, so a
    file saved in Latin-1 ended the diff in a UnicodeDecodeError traceback (exit 1)."""
    latin1 = tmp_path / "latin1.ttl"
    latin1.write_bytes(b'@prefix ex: <http://example.org/> .\nex:a ex:b "caf\xe9" .\n')
    commit(repo, latin1, "latin-1")
    for rev_b, name in (("HEAD", "HEAD:data/graph.ttl"), ("WORKTREE", "WORKTREE:data/graph.ttl")):
        with pytest.raises(ParseError) as err:
            diff_revisions(repo, "HEAD~1", rev_b)
        assert (err.value.path, err.value.line) == (name, 2)
        assert "0xe9 is not valid UTF-8" in str(err.value)
    assert main(["diff", "HEAD~1", "--repo", str(repo)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_every_rdf_file_of_the_data_is_compared_as_validate_reads_it(repo: Path) -> None:
    """Regression: the diff listed files by rdflib's suffixes (case and all), so a TriG
    file or a ``.TTL`` file in the data was left out of the comparison without a word, and
    it parsed with rdflib where validation uses Oxigraph's strict parser. Now one rule
    lists the files (``strict.is_rdf_file``) and one parser reads them."""
    shutil.copyfile(FIXTURES.parent / "formats" / "post.trig", repo / "data" / "extra.trig")
    (repo / "data" / "UPPER.TTL").write_text(
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .\n"
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\nipod:upper rdfs:label "U"@nl .\n',
        encoding="utf-8",
    )
    d = diff_revisions(repo, "HEAD")
    assert d.files_b == d.files_a + 2
    assert {"ipod:post-trig", "ipod:upper"} <= {s.subject for s in d.subjects}
    (repo / "data" / "UPPER.TTL").write_text("ipod:upper a <b> .\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        diff_revisions(repo, "HEAD")
    assert (err.value.path, err.value.line, err.value.column) == ("WORKTREE:data/UPPER.TTL", 1, 1)


def test_a_folder_holds_the_same_rdf_files_for_every_command(tmp_path: Path) -> None:
    """Expanding a folder took rdflib's suffixes, case and all: ``validate data/`` left a
    ``.TTL`` or ``.trig`` file out without a word."""
    from ipo_graph.load import expand_paths

    for name in ("a.ttl", "b.TTL", "c.trig", "d.nq", "e.jsonld", "f.rdf", "g.nt", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    found = [p.name for p in expand_paths([tmp_path])]
    assert found == ["a.ttl", "b.TTL", "c.trig", "d.nq", "e.jsonld", "f.rdf", "g.nt"]
