"""The org chart of one day: the network view arranged the way org charts are drawn.

Graphviz and Mermaid both draw from this model. It reads like an organogram, not like a
network:

* **cards**: the association on top; governance bodies (Algemene Vergadering, Bestuur,
  committees) list who sits in them as rows, seats aggregated by role ("12 × lid,
  1 per provincie"); posts are cards with their holder, "a.i." and an open vacancy; a
  management team lists its members; an office's units are one card of rows;
* **offices** (IPO-bureau, BIJ12, HNP) are clusters side by side, holding their posts,
  units and own bodies;
* **links** are the lines that make the tree: structure (part of) and reporting lines,
  drawn from the boss down. Memberships, holders and substitutions are text in the cards
  instead of lines, so no label floats away from its line;
* **tiers** order the picture top-down: association, governance, directie, offices.

Every card and row has a ``status`` (holds, presumed, planned, ended, unknown) and a
``last_attested`` date from the network attributes of the same name; missing attributes
mean "holds" (or "planned" where the view already knows a thing is planned). ``view``
selects ``governance`` (bodies and who sits in them), ``management`` (posts and reporting
lines) or ``combined``. Every card and row remembers the network nodes and edges it stands
for (``members``), which the diff picture uses to mark what changed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx
from rdflib import Graph

from .network import province_count
from .network import view as network_view
from .options import ExportOptions

VIEWS: tuple[str, ...] = ("combined", "governance", "management")
View = Literal["combined", "governance", "management"]

#: Statuses, worst first: an aggregate takes the first status any member has.
STATUSES: tuple[str, ...] = ("ended", "unknown", "presumed", "planned", "holds")

#: Fewest look-alike posts drawn as one card ("3 × teammanager").
MIN_GROUP = 2

GOVERNANCE_TYPES = frozenset(
    {
        "ipo:GoverningBody",
        "ipo:PoliticalAdvisoryCommittee",
        "ipo:CivilServiceAdvisoryCommittee",
        "ipo:ConsultativeBody",
    }
)
TEAM_TYPES = frozenset({"ipo:ManagementTeam", "ipo:SelectionCommittee"})
#: An office's parts drawn as rows of its units card: the units, and what supports them
#: without being one (BIJ12's bedrijfsvoering, 001:53), counted apart in the card's title.
UNIT_TYPES = frozenset({"ipo:Unit", "ipo:SupportService"})
_LEFT_OUT_TYPES = frozenset({"ipo:ExternalOrganization"})

Status = str


@dataclass
class Row:
    """One line of a card: a seat group, a member, a holder, a unit, a vacancy."""

    text: str
    status: Status = "holds"
    last_attested: str | None = None
    members: list[str] = field(default_factory=list)
    kind: str = ""  # seat, member, holder, unit, vacancy, note
    mark: str = ""  # set by the diff picture: added, changed, ended, removed


@dataclass
class Card:
    """A box in the chart."""

    id: str
    title: str
    kind: str  # association, body, team, office, post, units
    type: str
    tier: int
    status: Status = "holds"
    last_attested: str | None = None
    rows: list[Row] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    office: str | None = None  # the office cluster it is drawn in
    mark: str = ""


@dataclass
class Link:
    """A line of the tree, from the upper card to the lower one."""

    source: str
    target: str
    kind: str  # structure, reports-to
    status: Status = "holds"
    members: list[str] = field(default_factory=list)
    mark: str = ""


@dataclass
class Chart:
    cards: dict[str, Card]
    links: list[Link]
    offices: dict[str, Card]  # cluster id → the office (its title and status)
    view: str = "combined"
    #: dated things left out as not stated on the day: first mentioned by a later source,
    #: with no beginning stated (the chart says so, rather than look complete)
    unstated: int = 0

    def texts(self) -> list[str]:
        """Every title and row text, for tests and search."""
        out = [c.title for c in self.cards.values()] + [o.title for o in self.offices.values()]
        return out + [r.text for c in self.cards.values() for r in c.rows]


MUTED = frozenset({"presumed", "unknown", "ended"})


def attestation_notes(card: Card) -> tuple[str, list[str]]:
    """What a muted card or its muted rows rest on, said once per card rather than per row:
    (a note under the title, notes under the rows). Dates are ISO; callers word them."""
    words = {"presumed": "vermoedelijk", "unknown": "onbekend", "ended": "beëindigd"}
    title = ""
    if card.status in MUTED:
        title = words[card.status]
        if card.last_attested:
            title += f", laatst vermeld {card.last_attested}"
    footer: list[str] = []
    for row in card.rows:
        if row.status not in MUTED or (row.status, row.last_attested) == (
            card.status,
            card.last_attested,
        ):
            continue
        note = f"grijs: {words[row.status]}"
        if row.last_attested:
            note += f", laatst vermeld {row.last_attested}"
        if note not in footer:
            footer.append(note)
    return title, footer


def status_of(data: dict[str, Any]) -> tuple[Status, str | None]:
    """``status`` and ``last_attested`` of a node or edge, with the defaults for views
    that do not carry them (planned when ``planned`` says so, else holds)."""
    status = data.get("status") or ("planned" if data.get("planned") else "holds")
    return str(status), data.get("last_attested") or None


def worst(items: Iterable[tuple[Status, str | None]]) -> tuple[Status, str | None]:
    """The status of an aggregate: the worst member's, with the earliest attestation."""
    found = list(items)
    if not found:
        return "holds", None
    status = min((s for s, _ in found), key=lambda s: STATUSES.index(s) if s in STATUSES else 0)
    dates = [d for s, d in found if s == status and d]
    return status, (min(dates) if dates else None)


class _Builder:
    def __init__(self, net: nx.MultiDiGraph, view: str) -> None:
        self.net = net
        self.view = view
        self.cards: dict[str, Card] = {}
        self.links: list[Link] = []
        self.offices: dict[str, Card] = {}
        self.n = {
            n: d
            for n, d in net.nodes(data=True)
            if d["kind"] in ("organisation", "post", "person") and d["type"] not in _LEFT_OUT_TYPES
        }
        # the provinces' own organs and posts (Provinciale Staten, Commissaris van de Koning)
        # are not IPO's organisation: the provinces are one row of the association's card
        for n in [n for n in self.n if self.n[n]["type"] == "ipo:Province"]:
            for _, t, k in net.out_edges(n, data="kind"):
                if k in ("post-in", "sub-organisation", "unit") and t in self.n:
                    self.n.pop(t)
        self.provinces = province_count(net)
        self.out: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
        self.inn: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
        for s, t, d in net.edges(data=True):
            if s in self.n and t in self.n:
                self.out[s].append((t, f"{s}|{t}|{d['kind']}", d))
                self.inn[t].append((s, f"{s}|{t}|{d['kind']}", d))

    # -- helpers -----------------------------------------------------------------
    def typ(self, n: str) -> str:
        return str(self.n[n]["type"])

    def label(self, n: str) -> str:
        return str(self.n[n]["label"])

    def edges_out(self, n: str, *kinds: str) -> list[tuple[str, str, dict[str, Any]]]:
        return [e for e in self.out[n] if e[2]["kind"] in kinds]

    def edges_in(self, n: str, *kinds: str) -> list[tuple[str, str, dict[str, Any]]]:
        return [e for e in self.inn[n] if e[2]["kind"] in kinds]

    def parent_org(self, n: str) -> str | None:
        """The organisation a post is in, or an organisation is part of."""
        found = self.edges_in(n, "post-in") or self.edges_in(n, "sub-organisation", "unit")
        return found[0][0] if found else None

    def office_of(self, n: str) -> str | None:
        seen: set[str] = set()
        cur: str | None = n
        while cur is not None and cur not in seen:
            seen.add(cur)
            if self.typ(cur) == "ipo:Office" and cur != n:
                return cur
            cur = self.parent_org(cur)
        return None

    def holders(self, post: str) -> list[tuple[str, str, dict[str, Any]]]:
        return self.edges_out(post, "held-by")

    # -- classification ----------------------------------------------------------
    def is_governance(self, n: str) -> bool:
        return self.n[n]["kind"] == "organisation" and (
            self.typ(n) in GOVERNANCE_TYPES
            or (
                self.typ(n) not in TEAM_TYPES | UNIT_TYPES | {"ipo:Office", "ipo:Association"}
                and self.typ(n) != "ipo:Province"
                and self.parent_org(n) is not None
                and self.typ(self.parent_org(n) or "") != "ipo:Province"
            )
        )

    def seat_body(self, post: str) -> str | None:
        """The body a seat or body post belongs to (then it is a row there, not a card)."""
        parent = self.parent_org(post)
        if parent is not None and (self.is_governance(parent) or self.typ(parent) in TEAM_TYPES):
            return parent
        return None

    # -- building ----------------------------------------------------------------
    def build(self) -> Chart:
        governance = self.view in ("combined", "governance")
        management = self.view in ("combined", "management")
        roots = [n for n in self.n if self.typ(n) == "ipo:Association"]
        for root in roots:
            self.association(root)
        bodies = sorted(n for n in self.n if self.is_governance(n))
        for body in bodies:
            office = self.office_of(body)
            parent = self.parent_org(body)
            if parent is not None and self.typ(parent) != "ipo:Association":
                tier = 9  # placed by its line to the body or office above it
            else:
                tier = 1 if self.typ(body) == "ipo:GoverningBody" else 2
            if (governance and office is None) or (management and office is not None):
                self.body(body, tier=tier, office=office)
        if management:
            for n in sorted(self.n):
                if self.typ(n) == "ipo:Office":
                    self.office(n)
            for n in sorted(self.n):
                if self.typ(n) in TEAM_TYPES:
                    self.body(n, tier=3, office=self.office_of(n))
            self.posts()
            self.units()
        self.structure_links()
        self.prune()
        return Chart(self.cards, self.links, self.offices, self.view)

    def association(self, n: str) -> None:
        status = status_of(self.n[n])
        rows: list[Row] = []
        provinces = [
            (s, e, d) for s, e, d in self.edges_in(n, "membership") if self.typ(s) == "ipo:Province"
        ]
        if provinces:
            rows.append(
                Row(
                    f"vereniging van {len(provinces)} provincies",
                    *worst(status_of(d) for _, _, d in provinces),
                    members=[e for _, e, _ in provinces],
                    kind="member",
                )
            )
        rows += self.member_rows(n, skip_types={"ipo:Province"})
        self.cards[n] = Card(n, self.label(n), "association", self.typ(n), 0, *status, rows, [n])

    def body(self, n: str, tier: int, office: str | None) -> None:
        status = status_of(self.n[n])
        rows = self.seat_rows(n) + self.member_rows(n)
        kind = "team" if self.typ(n) in TEAM_TYPES else "body"
        self.cards[n] = Card(n, self.label(n), kind, self.typ(n), tier, *status, rows, [n], office)

    def office(self, n: str) -> None:
        self.offices[f"cluster:{n}"] = Card(
            f"cluster:{n}", self.label(n), "office", self.typ(n), 3, *status_of(self.n[n]), [], [n]
        )

    def seat_rows(self, body: str) -> list[Row]:
        """The body's own posts, aggregated by role: "12 × lid, 1 per provincie"."""
        groups: dict[str, list[str]] = defaultdict(list)
        for post, _e, _d in self.edges_out(body, "post-in"):
            if self.n[post]["kind"] == "post":
                groups[str(self.n[post]["role"]) or self.label(post)].append(post)
        rows = []
        for role, posts in sorted(groups.items(), key=lambda kv: _role_order(kv[0])):
            statuses = [status_of(self.n[p]) for p in posts]
            members = list(posts)
            for p in posts:
                members += [e for _, e, _ in self.holders(p)]
            if len(posts) == 1:
                post = posts[0]
                holders = self.holders(post)
                text = self.label(post)
                if holders:
                    text += ": " + ", ".join(self.label(h) for h, _, _ in holders)
                    statuses += [status_of(d) for _, _, d in holders]
                    since = [d.get("begin") for _, _, d in holders] + [
                        d.get("begin") for _, _, d in self.person_memberships(holders, body)
                    ]
                    if any(since):
                        text += f" (sinds {next(s for s in since if s)})"
                text += _post_notes(self.n[post])
            else:
                text = f"{len(posts)} × {role}"
                per = Counter(self.n[p]["province"] for p in posts)
                if "" not in per and len(set(per.values())) == 1:
                    if len(per) == self.provinces:  # every province
                        text += f", {next(iter(per.values()))} per provincie"
                    else:
                        text += f", uit {len(per)} provincies"
            rows.append(Row(text, *worst(statuses), members=members, kind="seat"))
        return rows

    def person_memberships(
        self, holders: list[tuple[str, str, dict[str, Any]]], body: str
    ) -> list[tuple[str, str, dict[str, Any]]]:
        return [e for h, _, _ in holders for e in self.edges_out(h, "membership") if e[0] == body]

    def member_rows(self, body: str, skip_types: Iterable[str] = ()) -> list[Row]:
        """Members that are not the body's own posts: "adviseur en secretaris: X"."""
        own_holders = {
            h for p, _, _ in self.edges_out(body, "post-in") for h, _, _ in self.holders(p)
        }
        by_member: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for member, edge, d in self.edges_in(body, "membership"):
            if self.typ(member) in skip_types or member in own_holders:
                continue
            if self.parent_org(member) == body:  # a seat: already a seat row
                continue
            by_member[member].append((edge, d))
        alike: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for member, items in by_member.items():
            names = tuple(sorted({str(d["label"]) for _, d in items}, key=_role_order))
            role = str(self.n[member].get("role") or "")
            key = (*names, "|", role) if role and not self.holders(member) else (member,)
            alike[key].append(member)
        rows = []
        for group in alike.values():
            items = [item for m in group for item in by_member[m]]
            roles = sorted({str(d["label"]) for _, d in items}, key=_role_order)
            since = next((d.get("begin") for _, d in items if d.get("begin")), "")
            if len(group) >= MIN_GROUP:
                name = f"{len(group)} × {self.n[group[0]]['role']}"
            else:
                name = self.label(group[0]) + _post_notes(self.n[group[0]])
            text = f"{' en '.join(roles)}: {name}"
            if since:
                text += f" (sinds {since})"
            status = worst([status_of(d) for _, d in items] + [status_of(self.n[m]) for m in group])
            planned = [status_of(d) for _, d in items if status_of(d)[0] == "planned"]
            if planned:  # a membership not yet in force: planned, whatever its member is
                status = worst(planned)
            members = group + [e for e, _ in items]
            rows.append(Row(text, *status, members=members, kind="member"))
        rows.sort(key=lambda r: (_role_order(r.text.split(":")[0].split(" en ")[0]), r.text))
        return rows

    def posts(self) -> None:
        """Post cards (posts not in a body), grouped when alike, and reporting lines."""
        posts = [
            n for n in sorted(self.n) if self.n[n]["kind"] == "post" and self.seat_body(n) is None
        ]
        boss: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
            p: self.edges_out(p, "reports-to", "planned-reports-to") for p in posts
        }
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for p in posts:
            key = (
                self.n[p]["role"] or p,
                self.parent_org(p),
                tuple(sorted(t for t, _, _ in boss[p])),
                status_of(self.n[p])[0],
                bool(self.holders(p)),
            )
            groups[key if not self.holders(p) else (p,)].append(p)
        card_of: dict[str, str] = {}
        for key, group in groups.items():
            if len(group) < MIN_GROUP:
                for p in group:
                    card_of[p] = p
                    self.post_card([p])
            else:
                card_of.update({p: group[0] for p in group})
                self.post_card(group, role=str(key[0]))
        for p in posts:
            office = self.office_of(p)
            self.cards[card_of[p]].tier = 3 if office is None else 4
        lines: dict[tuple[str, str], Link] = {}
        for p in posts:
            for t, e, d in boss[p]:
                if t not in card_of or card_of[t] == card_of[p]:
                    continue
                status = status_of(d)
                if d["kind"] == "planned-reports-to" and status[0] == "holds":
                    status = ("planned", status[1])
                pair = (card_of[t], card_of[p])
                if pair in lines:
                    lines[pair].members.append(e)
                else:
                    lines[pair] = Link(*pair, "reports-to", status[0], [e])
        self.links += lines.values()

    def post_card(self, group: list[str], role: str = "") -> None:
        first = self.n[group[0]]
        office = self.office_of(group[0])
        status = worst(status_of(self.n[p]) for p in group)
        rows: list[Row] = []
        members = list(group)
        if len(group) == 1:
            title = self.label(group[0]) + (" a.i." if first.get("ad_interim") else "")
            for h, e, d in self.holders(group[0]):
                rows.append(Row(self.label(h), *status_of(d), members=[h, e], kind="holder"))
            for other, e, d in self.edges_out(group[0], "substitute") + self.edges_in(
                group[0], "substitute"
            ):
                rows.append(
                    Row(
                        f"vervangt wederzijds: {self.label(other)}",
                        *status_of(d),
                        members=[e],
                        kind="note",
                    )
                )
        else:
            title = f"{len(group)} × {role}"
        if first.get("vacancy"):
            vac = str(first["vacancy"])
            text = "vacature" + ("" if vac == "open" else f", sluit {vac}")
            rows.append(Row(text, "holds", members=[], kind="vacancy"))
        self.cards[group[0]] = Card(
            group[0], title, "post", str(first["type"]), 2, *status, rows, members, office
        )

    def units(self) -> None:
        """An office's units as one card of rows (an office with many units stays narrow)."""
        for office in self.offices.values():
            o = office.members[0]
            parts = [
                (t, e, d)
                for t, e, d in self.edges_out(o, "sub-organisation", "unit")
                if self.typ(t) in UNIT_TYPES
            ]
            if not parts:
                continue
            # the units first, then what supports them, each in label order
            parts.sort(key=lambda u: (self.typ(u[0]) != "ipo:Unit", self.label(u[0]).casefold()))
            rows = [
                Row(
                    self.label(t)
                    if self.typ(t) == "ipo:Unit"
                    else f"{self.label(t)} (ondersteunend)",
                    *worst([status_of(self.n[t]), status_of(d)]),
                    [t, e],
                    "unit",
                )
                for t, e, d in parts
            ]
            count = sum(self.typ(t) == "ipo:Unit" for t, _, _ in parts)
            cid = f"units:{o}"
            self.cards[cid] = Card(
                cid,
                f"{count} eenheden" if count != 1 else "1 eenheid",
                "units",
                "ipo:Unit",
                5,
                *worst((r.status, r.last_attested) for r in rows),
                rows,
                [t for t, _, _ in parts],
                o,
            )

    def structure_links(self) -> None:
        """Part-of lines: association → bodies, offices and top posts; body → sub-body."""
        targets = {lk.target for lk in self.links}
        for cid, card in self.cards.items():
            if card.kind in ("association", "units", "team") or cid in targets:
                continue  # a team sits beside the posts its rows name
            anchor = card.members[0]
            parent = self.parent_org(anchor)
            if card.office is not None and parent == card.office:
                continue  # hangs in its office's cluster
            if parent is None or parent not in self.cards:
                continue
            edges = self.edges_in(anchor, "post-in", "sub-organisation", "unit")
            status = worst(status_of(d) for _, _, d in edges) if edges else ("holds", None)
            if parent in self.cards:
                self.links.append(
                    Link(parent, cid, "structure", status[0], [e for _, e, _ in edges])
                )
        entered = {self.cards[lk.target].office for lk in self.links if lk.target in self.cards}
        for cluster, office in self.offices.items():
            o = office.members[0]
            parent = self.parent_org(o)
            if o in entered:
                continue  # a reporting line from above already hangs it in the tree
            if parent in self.cards:
                edges = self.edges_in(o, "sub-organisation", "unit")
                status = worst(status_of(d) for _, _, d in edges)
                self.links.append(
                    Link(parent, cluster, "structure", status[0], [e for _, e, _ in edges])
                )

    def prune(self) -> None:
        """Drop empty clusters' links (an office with nothing in it is drawn as a card)."""
        filled = {c.office for c in self.cards.values() if c.office}
        for cluster, office in list(self.offices.items()):
            o = office.members[0]
            if o in filled:
                continue
            del self.offices[cluster]
            self.cards[o] = Card(
                o, office.title, "office", office.type, 4, office.status, office.last_attested
            )
            self.cards[o].members = [o]
            for link in self.links:
                if link.target == cluster:
                    link.target = o


_ROLE_ORDER = ("voorzitter", "vicevoorzitter", "portefeuillehouder", "lid", "adviseur")


def _role_order(role: str) -> tuple[int, str]:
    head = role.split(" ")[0].lower()
    return (_ROLE_ORDER.index(head) if head in _ROLE_ORDER else len(_ROLE_ORDER), role)


def _post_notes(data: dict[str, Any]) -> str:
    notes = " a.i." if data.get("ad_interim") else ""
    if data.get("vacancy"):
        notes += " (vacature)"
    return notes


def latest_state_date(graph: Graph) -> str | None:
    """The latest state date (ISO), the day a chart shows by default: the one rule
    (:func:`~ipo_graph.history.timeline.latest_state_date`), written as the options take it."""
    from ..history.timeline import latest_state_date as latest

    day = latest(graph)
    return day.isoformat() if day else None


def build_chart(net: nx.MultiDiGraph, view: str = "combined") -> Chart:
    """The chart of ``net`` (one day's network view) in ``view``."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    return _Builder(net, view).build()


def chart_of(graph: Graph, kg: Any = None, options: ExportOptions | None = None) -> Chart:
    """The chart model of the export's view (``root`` subtree, ``view``)."""
    options = options or ExportOptions()
    net = network_view(graph, kg=kg, options=options, days=False)  # one day: no per-day status
    chart = build_chart(net, options.view)
    if options.root and not chart.cards and not chart.offices:
        # a person, province, site or partner is no card of its own: rather than a picture
        # with only a title, say so (the explorer and the graph formats show it)
        from ..errors import UsageError

        raise UsageError(
            f"--root {options.root!r}: the org chart ({options.view}) draws no card for it "
            "or anything below it (people are rows of their posts and bodies; provinces, "
            "sites and partners are left out); the html, graphml and cytoscape formats show it"
        )
    timeline = getattr(kg, "timeline", None)
    if timeline is not None and options.as_of:
        from ..history.timeline import parse_day

        day = parse_day(options.as_of)
        chart.unstated = sum(
            1
            for fact in timeline.facts.values()
            if fact.first_attested is not None
            and fact.first_attested > day
            and fact.status(day).name == "unknown"
        )
    return chart


def unstated_note(chart: Chart) -> str:
    """The line under a chart's title when it leaves out what the sources are silent on."""
    if not chart.unstated:
        return ""
    return (
        f"niet getoond: {chart.unstated} zaken die pas een latere bron vermeldt, zonder "
        "begindatum; of ze op deze dag al golden, zeggen de bronnen niet"
    )
