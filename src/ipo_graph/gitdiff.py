"""The data at two git revisions, compared statement by statement, for code review.

Files are read with ``git ls-tree`` / ``git show REV:path`` (or from the working tree),
parsed into one graph per side, and compared as :mod:`rdflib.compare` does in
``graph_diff``: on canonical forms, so a blank node that merely got a new name is no change.
Each group of linked blank nodes is canonicalised on its own (:func:`by_own_context`), so an
edit elsewhere in the graph does not rename it.
"""

from __future__ import annotations

import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from . import paths, strict
from .errors import UsageError
from .labels import best_label, term_name
from .load import LoadedGraph, add_parsed
from .namespaces import PREFIXES, RDFS, SKOS

WORKTREE = "WORKTREE"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; a failure is a usage error carrying git's own message."""
    return git_bytes(repo, *args).decode("utf-8", "replace")


def git_bytes(repo: Path, *args: str) -> bytes:
    """:func:`git`'s output as bytes: a file's content, which the caller decodes as
    ``validate`` does (a byte that is not UTF-8 is a parse error, not a crash)."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"git {' '.join(args)}: {message or 'failed'}")
    return done.stdout


def repo_root(start: Path) -> Path:
    return Path(git(start, "rev-parse", "--show-toplevel").strip())


def files_at(repo: Path, rev: str, path: str) -> dict[str, str]:
    """RDF file name → text, for the files under ``path`` at ``rev`` (or the working tree)."""
    if rev == WORKTREE:
        root = repo / path
        found = (
            {path: root}
            if root.is_file()
            else {str(f.relative_to(repo)): f for f in paths.rdf_files(root)}
        )
        return {
            name: strict.decode(f"{rev}:{name}", strict.read_bytes(f)) for name, f in found.items()
        }
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except UsageError:
        raise UsageError(f"unknown git revision {rev!r} in {repo}") from None
    names = git(repo, "ls-tree", "-r", "--name-only", rev, "--", path).splitlines()
    return {
        name: strict.decode(f"{rev}:{name}", git_bytes(repo, "show", f"{rev}:{name}"))
        for name in sorted(names)
        if strict.is_rdf_file(Path(name))
    }


def graph_of(files: dict[str, str], rev: str, root: Path) -> Graph:
    """One graph of all ``files`` (paths under ``root``), read by the strict parser as
    ``validate`` reads them; a syntax error names ``rev:file:line:column``."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    loaded = LoadedGraph(graph=g)
    for name, text in files.items():
        base = strict.base_iri_of(root / name)
        parsed = strict.parse_text(
            f"{rev}:{name}", text, base_iri=base, format=strict.format_name(Path(name))
        )
        add_parsed(loaded, parsed)
    return g


@dataclass
class SubjectChange:
    subject: str  # a readable name for the subject
    label: str
    removed: list[tuple[str, str]] = field(default_factory=list)  # (predicate, object)
    added: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "label": self.label,
            "removed": [{"predicate": p, "object": o} for p, o in self.removed],
            "added": [{"predicate": p, "object": o} for p, o in self.added],
        }


@dataclass
class DataDiff:
    rev_a: str
    rev_b: str
    path: str
    subjects: list[SubjectChange]
    removed: int = 0  # triples only in rev_a
    added: int = 0  # triples only in rev_b
    files_a: int = 0
    files_b: int = 0

    @property
    def changed(self) -> bool:
        """Whether any statement differs: the counts, not the list of subjects, which
        leaves out blank nodes that only refer to one another."""
        return bool(self.removed or self.added)

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.rev_a,
            "to": self.rev_b,
            "path": self.path,
            "removed": self.removed,
            "added": self.added,
            "subjects": [s.as_dict() for s in self.subjects],
        }


class _Namer:
    """Readable names: prefixed names, labels, blank nodes by where they hang."""

    def __init__(self, *graphs: Graph) -> None:
        self.graphs = graphs

    def short(self, term: Node) -> str:
        if isinstance(term, URIRef | Literal):
            return term_name(term)
        if isinstance(term, BNode):
            return self.bnode(term, set())
        return str(term)

    def bnode(self, node: BNode, seen: set[Node]) -> str:
        """``[] from <subject> <predicate>``: the path from a named subject, or ``[]``."""
        seen = seen | {node}
        for g in self.graphs:
            for s, p in g.subject_predicates(node):
                if s in seen:
                    continue
                owner = self.bnode(s, seen) if isinstance(s, BNode) else self.short(s)
                return f"[{owner} {self.short(p)}]"
        return "[]"

    def inline(
        self, term: Node, graph: Graph, depth: int = 3, within: frozenset[Node] = frozenset()
    ) -> str:
        """An object as text; a blank node spelled out as ``[p o; ...]`` from ``graph``
        (``[…]`` for one it is already inside: blank nodes may refer to each other)."""
        if isinstance(term, URIRef) and depth == 3:
            label = self.label(term)  # data IRIs carry labels; classes (not in data/) do not
            return f"{self.short(term)} ({label})" if label else self.short(term)
        if not isinstance(term, BNode):
            return self.short(term)
        if depth == 0 or term in within:
            return "[…]"
        parts = sorted(
            f"{self.short(p)} {self.inline(o, graph, depth - 1, within | {term})}"
            for p, o in graph.predicate_objects(term)
        )
        return f"[{'; '.join(parts)}]"

    def label(self, term: Node) -> str:
        for g in self.graphs:
            found = best_label(g, term, "nl", (RDFS.label, SKOS.prefLabel))
            if found is not None:
                return found
        return ""


Triple = tuple[Node, Node, Node]


def by_own_context(graph: Graph, kinds: dict[frozenset[Triple], int]) -> Graph:
    """``graph`` with each blank node named after its own group only: the blank nodes
    linked to it, their statements and those that refer to them, in canonical form.

    ``to_canonical_graph`` of a whole graph names a blank node after everything in it, so
    an edit elsewhere can rename an untouched one: three intervals alike before an edit
    and two changed after it, the third got a new name and read as removed and added.
    Alike groups are interchangeable, so the n-th of a kind (numbered in ``kinds``, shared
    by both sides) gets the same names on either side; one more on a side is a change.
    """
    out, links = Graph(), nx.Graph()
    with_bnodes: list[Triple] = []
    for t in graph:
        bnodes = [x for x in t if isinstance(x, BNode)]
        if bnodes:
            nx.add_path(links, bnodes)
            with_bnodes.append(t)
        else:
            out.add(t)
    parts = list(nx.connected_components(links))
    group_of = {b: i for i, part in enumerate(parts) for b in part}
    groups = [Graph() for _ in parts]
    for t in with_bnodes:
        groups[group_of[next(x for x in t if isinstance(x, BNode))]].add(t)
    seen: Counter[int] = Counter()
    for group in groups:
        canonical = frozenset(to_canonical_graph(group))
        kind = kinds.setdefault(canonical, len(kinds))
        nth = seen[kind]
        seen[kind] += 1
        for t in canonical:
            s, p, o = (BNode(f"g{kind}n{nth}{x}") if isinstance(x, BNode) else x for x in t)
            out.add((s, p, o))
    return out


def diff_graphs(a: Graph, b: Graph, rev_a: str = "A", rev_b: str = "B", path: str = "") -> DataDiff:
    """Statements only in ``a`` (removed) and only in ``b`` (added), grouped by subject."""
    # canonical forms, kept so blank nodes can be named from them
    kinds: dict[frozenset[Triple], int] = {}
    iso_a, iso_b = by_own_context(a, kinds), by_own_context(b, kinds)
    only_a, only_b = iso_a - iso_b, iso_b - iso_a
    namer = _Namer(iso_b, iso_a)
    by_subject: dict[str, SubjectChange] = {}
    grouped: dict[str, list[tuple[str, tuple[Node, Node, Node]]]] = defaultdict(list)
    side = {"-": iso_a, "+": iso_b}
    for sign, triples in (("-", only_a), ("+", only_b)):
        inlined = _spelled_out_elsewhere(triples, namer)
        for t in triples:
            if t[0] in inlined:
                continue  # spelled out inside the statement that refers to it
            grouped[namer.short(t[0])].append((sign, t))
    for name in sorted(grouped):
        entry = grouped[name]
        subj = entry[0][1][0]
        change = SubjectChange(subject=name, label=namer.label(subj))
        for sign, (_, p, o) in entry:
            text = (namer.short(p), namer.inline(o, side[sign], within=frozenset({subj})))
            (change.removed if sign == "-" else change.added).append(text)
        change.removed.sort()
        change.added.sort()
        by_subject[name] = change
    return DataDiff(rev_a, rev_b, path, list(by_subject.values()), len(only_a), len(only_b))


def _spelled_out_elsewhere(triples: Iterable[Triple], namer: _Namer) -> set[Node]:
    """The blank subjects shown inside a statement that refers to them: those reached
    from a subject that is listed. Blank nodes that only refer to each other (a ring)
    are reached from none, so the first of each ring by name is listed itself; else its
    statements were counted and shown under no subject."""
    triples = list(triples)
    objects: dict[Node, list[Node]] = defaultdict(list)
    referred: set[Node] = set()
    for s, _, o in triples:
        if isinstance(o, BNode):
            objects[s].append(o)
            referred.add(o)
    subjects = {t[0] for t in triples}
    reached: set[Node] = set()

    def reach(start: Node) -> None:
        todo = list(objects[start])
        while todo:
            node = todo.pop()
            if node not in reached:
                reached.add(node)
                todo.extend(objects[node])

    for s in subjects - referred:
        reach(s)
    for s in sorted(referred & subjects - reached, key=namer.short):
        if s not in reached:
            reach(s)  # a ring's first node by name heads it
            reached.discard(s)
    return reached


def diff_revisions(repo: Path, rev_a: str, rev_b: str = WORKTREE, path: str = "data") -> DataDiff:
    """The data under ``path`` at ``rev_a`` against ``rev_b`` (default: the working tree)."""
    root = repo_root(repo)
    files_a = files_at(root, rev_a, path)
    files_b = files_at(root, rev_b, path)
    if not files_a and not files_b:
        raise UsageError(f"no RDF files under {path!r} at {rev_a} or {rev_b}")
    graph_a, graph_b = graph_of(files_a, rev_a, root), graph_of(files_b, rev_b, root)
    result = diff_graphs(graph_a, graph_b, rev_a, rev_b, path)
    result.files_a, result.files_b = len(files_a), len(files_b)
    return result


def render_text(d: DataDiff, *, markdown: bool = False) -> str:
    """The change list for people; Markdown fits a pull-request comment."""
    head = f"{d.path}: {d.rev_a} → {d.rev_b}: -{d.removed} +{d.added} triples"
    head += f", {len(d.subjects)} subjects"
    out = [f"### {head}" if markdown else head]
    if not d.changed:
        out.append("No change in the statements.")
    for s in d.subjects:
        title = f"{s.subject}  ({s.label})" if s.label else s.subject
        if markdown:
            out += ["", f"**{title}**", "```diff"]
        else:
            out += ["", title]
        out.extend(f"- {p} {o}" if markdown else f"  - {p} {o}" for p, o in s.removed)
        out.extend(f"+ {p} {o}" if markdown else f"  + {p} {o}" for p, o in s.added)
        if markdown:
            out.append("```")
    return "\n".join(out) + "\n"
