"""What a commit changes, as a picture: the org chart of REV_B with the changes since REV_A.

Both revisions' data are read from git (``gitdiff``), loaded with the shipped
ontology and drawn for the same day (default: REV_B's latest state date). A card, row or
line of REV_B's chart is marked

* **added** when the thing it stands for is new in REV_B (no statement about it in REV_A),
* **changed** when statements about it (or about a membership, tenure or reporting line it
  draws) were added or removed,

and what REV_A's chart shows but REV_B's does not is drawn struck through, as **removed**
(REV_B says nothing about it any more) or **ended** (REV_B still knows it, but it no longer
holds on the day). The legend explains the marks.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef

from ..api import IpoGraph
from ..gitdiff import DataDiff, diff_revisions, files_at, repo_root
from ..history import as_of, parse_day
from ..labels import short_name
from ..privacy import without_personal_data
from .chart import Chart, Row, build_chart, latest_state_date
from .graphviz import to_dot
from .network import build_network
from .words import dutch_date


@dataclass
class Changes:
    """IRIs by what happened to them between the two revisions."""

    added: set[str]  # subjects only in REV_B
    changed: set[str]  # subjects with statements added or removed
    known_b: set[str]  # every subject REV_B states something about


def _load(files: dict[str, str]) -> IpoGraph:
    with tempfile.TemporaryDirectory(prefix="ipo-graph-diff-") as tmp:
        for name, text in files.items():
            target = Path(tmp) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return IpoGraph.load([tmp])


def _subjects(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects() if isinstance(s, URIRef)}


def _changes(diff: DataDiff, a: Graph, b: Graph) -> Changes:
    """From the statement diff (``ipo-graph diff``): each changed subject, blank nodes
    counted for the named subject they hang from."""
    by_name = {short_name(URIRef(s)): s for s in _subjects(a) | _subjects(b)}
    changed = set()
    for subject in diff.subjects:
        owner = subject.subject.lstrip("[").split(" ")[0]
        if owner in by_name:
            changed.add(by_name[owner])
    subjects_a, subjects_b = _subjects(a), _subjects(b)
    return Changes(subjects_b - subjects_a, changed, subjects_b)


def _iris(members: Iterable[str], vias: dict[str, list[str]]) -> list[str]:
    """Network node ids and the qualifying resources behind edge keys."""
    out: list[str] = []
    for m in members:
        out += vias.get(m, [m] if "|" not in m else [])
    return out


def _vias(net: nx.MultiDiGraph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for s, t, d in net.edges(data=True):
        found[f"{s}|{t}|{d['kind']}"] += str(d.get("iri", "")).split()
    return found


def _mark(iris: list[str], changes: Changes, primary: str | None = None) -> str:
    if primary is not None and primary in changes.added:
        return "added"
    if any(i in changes.added or i in changes.changed for i in iris):
        return "changed"
    return ""


def _gone(iris: list[str], changes: Changes) -> str:
    """Ended when REV_B still states every named thing the card, row or line stands for
    (a member row: the member and the membership), removed when it states one of them no
    more: a membership deleted from the data is no membership that ended, though its
    member is still known."""
    named = [i for i in iris if "://" in i or i.startswith("urn:")]
    return "ended" if named and all(i in changes.known_b for i in named) else "removed"


def mark_changes(
    new: Chart, old: Chart, net_new: nx.MultiDiGraph, net_old: nx.MultiDiGraph, changes: Changes
) -> Chart:
    """``new`` with its cards, rows and lines marked, and what ``old`` shows and ``new``
    does not added back struck through."""
    vias_new, vias_old = _vias(net_new), _vias(net_old)
    for cid, card in new.cards.items():
        if not cid.startswith("units:"):
            card.mark = _mark([cid], changes, primary=cid)
        for row in card.rows:
            iris = _iris(row.members, vias_new)
            row.mark = _mark(iris, changes, primary=iris[0] if iris else None)
    for office in new.offices.values():
        office.mark = _mark(office.members, changes, primary=office.members[0])
    for link in new.links:
        link.mark = _mark(_iris(link.members, vias_new), changes)
    shown = {i for c in new.cards.values() for r in c.rows for i in _iris(r.members, vias_new)}
    shown |= {i for c in new.cards.values() for i in c.members}
    for cid, card in old.cards.items():
        if cid not in new.cards:
            gone = deepcopy(card)
            gone.mark = _gone([cid], changes)
            gone.rows = []
            if gone.office and f"cluster:{gone.office}" not in new.offices:
                gone.office = None
            new.cards[cid] = gone
            continue
        for row in card.rows:
            iris = _iris(row.members, vias_old)
            if iris and not any(i in shown for i in iris):
                new.cards[cid].rows.append(
                    Row(
                        row.text,
                        row.status,
                        row.last_attested,
                        row.members,
                        row.kind,
                        _gone(iris, changes),
                    )
                )
    pairs = {(lk.source, lk.target) for lk in new.links}
    for link in old.links:
        ends = all(e in new.cards or e in new.offices for e in (link.source, link.target))
        if ends and (link.source, link.target) not in pairs:
            gone_link = deepcopy(link)
            gone_link.mark = _gone(_iris(link.members, vias_old), changes)
            new.links.append(gone_link)
    return new


def diff_chart(
    repo: Path,
    rev_a: str,
    rev_b: str,
    path: str = "data",
    *,
    day: str | None = None,
    view: str = "combined",
) -> tuple[Chart, str]:
    """The marked chart of ``rev_b`` against ``rev_a`` and its title."""
    root = repo_root(repo)
    diff = diff_revisions(root, rev_a, rev_b, path)  # bad revisions and syntax: exit 2 here
    kg_a = _load(files_at(root, rev_a, path))
    kg_b = _load(files_at(root, rev_b, path))
    changes = _changes(diff, kg_a.graph, kg_b.graph)
    day = day or latest_state_date(kg_b.graph)
    shown = parse_day(day) if day else None
    if day:
        kg_a, kg_b = as_of(kg_a, day).kg, as_of(kg_b, day).kg
    # statuses on the day drawn, by each revision's own time rule (as `export --as-of`);
    # left to itself the view would judge them on the latest state date of the data
    net_a, net_b = (
        build_network(without_personal_data(kg.graph), timeline=kg.timeline, day=shown, days=False)
        for kg in (kg_a, kg_b)
    )
    chart = mark_changes(build_chart(net_b, view), build_chart(net_a, view), net_b, net_a, changes)
    title = f"Interprovinciaal Overleg — wijzigingen {rev_a} → {rev_b}"
    if day:
        title += f" — stand op {dutch_date(day)}"
    return chart, title


def diff_dot(repo: Path, rev_a: str, rev_b: str, path: str = "data", **opts: str | None) -> str:
    chart, title = diff_chart(
        repo, rev_a, rev_b, path, day=opts.get("day"), view=opts.get("view") or "combined"
    )
    return to_dot(chart, title)
