"""The commit hooks in a real git repository: bad data is refused, good data goes in.

Everything runs offline: the project's own .pre-commit-config.yaml uses the ipo-graph in
.venv (linked into the temporary repository), and the hooks published in
.pre-commit-hooks.yaml are exercised as local hooks with the same entry, args and file
patterns, only with ``language: system`` instead of having pre-commit install them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ipo_graph import cli

REPO_ROOT = Path(__file__).resolve().parent.parent
GOOD_DATA = REPO_ROOT / "tests" / "fixtures" / "shapes" / "base.ttl"  # conforms to every shape
VENV_BIN = Path(sys.executable).parent

PREFIXES = """@prefix ipo: <https://w3id.org/ipo-graph/def#> .
@prefix ipod: <https://w3id.org/ipo-graph/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

"""
POST = """ipod:post-zonder-organisatie
    a org:Post ;
    rdfs:label "functie zonder organisatie"@nl ;
    org:role ipod:role-lid ;
    prov:wasDerivedFrom ipod:source-000 ;
    ipo:evidence EXCERPT .
"""

pytestmark = [
    pytest.mark.integration,  # real git and pre-commit processes: several seconds each
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def _run(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _repo(tmp_path: Path, config: str) -> tuple[Path, dict[str, str]]:
    """A git repository holding good data (canonical, conforming) and the hooks."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    shutil.copy(GOOD_DATA, repo / "data" / "base.ttl")
    assert cli.main(["fmt", str(repo / "data")]) == 0  # so the fmt hook finds nothing to do
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    for args in (
        ("git", "init", "-q", "-b", "main"),
        ("git", "config", "user.name", "Data Editor"),
        ("git", "config", "user.email", "editor@example.org"),
        (str(VENV_BIN / "pre-commit"), "install"),
    ):
        done = _run(repo, *args, env=env)
        assert done.returncode == 0, done.stderr
    return repo, env


def _commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    assert _run(repo, "git", "add", "-A", env=env).returncode == 0
    return _run(repo, "git", "commit", "-m", message, env=env)


def _commits(repo: Path, env: dict[str, str]) -> int:
    done = _run(repo, "git", "rev-list", "--count", "HEAD", env=env)
    return int(done.stdout.strip()) if done.returncode == 0 else 0


def _write_post(repo: Path, *, complete: bool) -> Path:
    post = POST.replace("EXCERPT", "ipod:excerpt-000-025-bovens")
    if complete:
        post = post.replace("a org:Post ;", "a org:Post ;\n    org:postIn ipod:ipo ;")
    target = repo / "data" / "extra.ttl"
    target.write_text(PREFIXES + post, encoding="utf-8")
    assert cli.main(["fmt", str(target)]) == 0
    return target


def _published_hooks_as_local() -> str:
    """The hooks of .pre-commit-hooks.yaml, unchanged but for ``language: system``."""
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"ipo-graph-validate", "ipo-graph-fmt"}
    for hook in hooks:
        assert hook["language"] == "python"
        hook["language"] = "system"
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]})


@pytest.mark.parametrize("which", ["project config", "published hooks"])
def test_commit_of_bad_data_is_refused_and_good_data_accepted(tmp_path: Path, which: str) -> None:
    config = (
        (REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
        if which == "project config"
        else _published_hooks_as_local()
    )
    repo, env = _repo(tmp_path, config)

    good = _commit(repo, env, "good data")
    assert good.returncode == 0, good.stdout + good.stderr
    assert _commits(repo, env) == 1

    _write_post(repo, complete=False)
    bad = _commit(repo, env, "a post without an organisation")
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "ipos:Post-postIn" in output
    assert "ipod:post-zonder-organisatie" in output
    assert "data/extra.ttl:" in output
    assert _commits(repo, env) == 1  # nothing landed

    _write_post(repo, complete=True)
    again = _commit(repo, env, "the post, complete")
    assert again.returncode == 0, again.stdout + again.stderr
    assert _commits(repo, env) == 2


def test_fmt_hook_rewrites_a_non_canonical_file_and_stops_the_commit(tmp_path: Path) -> None:
    repo, env = _repo(tmp_path, (REPO_ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    assert _commit(repo, env, "good data").returncode == 0
    target = repo / "data" / "base.ttl"
    canonical = target.read_text(encoding="utf-8")
    target.write_text(canonical.replace("\n    ", "\n  "), encoding="utf-8")  # same graph

    first = _commit(repo, env, "re-indented")
    assert first.returncode != 0
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert target.read_text(encoding="utf-8") == canonical  # the hook put it right

    second = _commit(repo, env, "re-indented, then formatted")
    assert second.returncode != 0 or _commits(repo, env) == 1  # nothing left to commit
    assert _run(repo, "git", "status", "--porcelain", env=env).stdout.strip() == ""


def test_hook_manifest_and_project_config_are_valid() -> None:
    for command, name in (
        ("validate-manifest", ".pre-commit-hooks.yaml"),
        ("validate-config", ".pre-commit-config.yaml"),
    ):
        done = subprocess.run(
            [str(VENV_BIN / "pre-commit"), command, str(REPO_ROOT / name)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_hooks_report_a_syntax_error_at_its_line_and_leave_the_file(tmp_path: Path) -> None:
    """Regression: the hook printed the parser's drifting line, far below the mistake."""
    repo, env = _repo(tmp_path, (REPO_ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    assert _commit(repo, env, "good data").returncode == 0
    target = repo / "data" / "broken.ttl"
    text = (
        PREFIXES
        + '\nipod:site-x\n    a org:Site ;\n    rdfs:label "x"@nl\n\n'
        + 'ipod:site-y\n    a org:Site ;\n    rdfs:label "y"@nl .\n'
    )
    target.write_text(text, encoding="utf-8")
    missing = text.split("\n").index('    rdfs:label "x"@nl') + 1  # the line without its " ."
    done = _commit(repo, env, "a statement without its dot")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert f"data/broken.ttl:{missing}:" in output, output
    assert "Traceback" not in output
    assert target.read_text(encoding="utf-8") == text


def test_the_validate_hooks_fire_on_every_file_the_graph_reads() -> None:
    """The hooks' file patterns follow the suffixes the graph reads as RDF (any case): a
    staged ``data/extra.trig`` or ``data/X.TTL`` reran no validation before."""
    import re

    from ipo_graph.strict import SUFFIX_FORMATS

    published = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    own = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    patterns = [h["files"] for h in published if h["id"] == "ipo-graph-validate"]
    patterns += [
        h["files"] for r in own["repos"] for h in r["hooks"] if h["id"] == "ipo-graph-validate"
    ]
    assert len(patterns) == 2
    for pattern in patterns:
        for suffix in SUFFIX_FORMATS:
            for name in (f"data/x{suffix}", f"data/x{suffix.upper()}", f"ontology/x{suffix}"):
                assert re.search(pattern, name), (pattern, name)
        assert not re.search(pattern, "data/notes.txt")
    # the project's own hook also reruns when a source document changes: the excerpts
    # are checked against them (other repositories' sources are not in their tree)
    assert re.search(patterns[1], "sources/000_446a8e16cc534121.txt")
    assert not re.search(patterns[1], "docs/sources.md")
