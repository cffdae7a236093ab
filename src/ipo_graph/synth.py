"""Synthetic organisations shaped like the IPO, for measuring the tooling at scale.

Scale N writes ``core.ttl`` (roles, portfolios, ``ipod:ipo`` and the twelve provinces with
their Provinciale Staten and membership) and N files ``association-NNNN.ttl``, each about the
size of the shipped graph: an association with the twelve provinces as members, its bodies,
office, units and committees, posts and seats with reporting lines, people holding the posts
one after another over the years (named ``Persoon 0001-042``: obviously synthetic, never
real-looking personal data), and for every fact the provenance of ``docs/modelling.md``: a
synthetic source document, an excerpt, ``prov:wasDerivedFrom`` and ``ipo:evidence``.

The shapes allow only the twelve real provinces (one TOOI identifier each), so provinces do
not multiply; everything else does. The output is deterministic: each association draws from
its own generator seeded with ``(seed, number)``, so the same seed gives byte-identical files
and scale 10 is the first tenth of scale 100. Each file is self-contained apart from
``core.ttl``, which keeps files small and independent.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_write_bytes

if TYPE_CHECKING:
    from pyoxigraph import Literal, NamedNode, Triple

    Obj = NamedNode | Literal

NS = {
    "ipo": "https://w3id.org/ipo-graph/def#",
    "ipod": "https://w3id.org/ipo-graph/id/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

#: Role slug → (Dutch label, English label); the roles of docs/modelling.md used here.
ROLES = {
    "voorzitter": ("voorzitter", "chair"),
    "secretaris": ("secretaris", "secretary"),
    "adviseur": ("adviseur", "adviser"),
    "lid": ("lid", "member"),
    "portefeuillehouder": ("portefeuillehouder", "portfolio holder"),
    "algemeen-directeur": ("algemeen directeur", "director-general"),
    "directeur": ("directeur", "director"),
    "teammanager": ("teammanager", "team manager"),
    "unitmanager": ("unitmanager", "unit manager"),
    "gedeputeerde": ("gedeputeerde", "member of the provincial executive"),
    "statenlid": ("statenlid", "member of the provincial council"),
}
PORTFOLIOS = {
    "klimaat-en-energie": ("Klimaat en energie", "Climate and energy"),
    "mobiliteit": ("Mobiliteit", "Mobility"),
    "natuur": ("Natuur", "Nature"),
    "financien": ("Financiën", "Finance"),
    "ruimte-en-wonen": ("Ruimte en wonen", "Spatial planning and housing"),
    "economie": ("Economie", "Economy"),
}
MONTHS_NL = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)

UNITS_PER_OFFICE = 4
COMMITTEES = 4
#: Posts exist from about this year; people succeed each other in them from
#: FIRST_TENURE_YEAR, so every post has a history of several holders.
FIRST_YEAR = 2010
FIRST_TENURE_YEAR = 2014
STATE_DATE = date(2025, 12, 19)


def iri(prefix: str, local: str) -> NamedNode:
    from pyoxigraph import NamedNode

    return NamedNode(NS[prefix] + local)


def nl(text: str) -> Literal:
    from pyoxigraph import Literal

    return Literal(text, language="nl")


def en(text: str) -> Literal:
    from pyoxigraph import Literal

    return Literal(text, language="en")


def typed(value: str, datatype: str) -> Literal:
    from pyoxigraph import Literal

    return Literal(value, datatype=iri("xsd", datatype))


PROVINCES = (
    *(("groningen", "Groningen"), ("fryslan", "Fryslân"), ("drenthe", "Drenthe")),
    *(("overijssel", "Overijssel"), ("flevoland", "Flevoland"), ("gelderland", "Gelderland")),
    *(("utrecht", "Utrecht"), ("noord-holland", "Noord-Holland")),
    *(("zuid-holland", "Zuid-Holland"), ("zeeland", "Zeeland")),
    *(("noord-brabant", "Noord-Brabant"), ("limburg", "Limburg")),
)
TOOI = "https://identifier.overheid.nl/tooi/id/provincie/pv"


@dataclass
class Builder:
    """Collects one file's triples; subjects come out grouped, in first-use order."""

    tag: str
    by_subject: dict[str, list[Triple]] = field(default_factory=dict)

    def node(self, kind: str, local: str = "") -> NamedNode:
        """``ipod:<kind>-<tag>-<local>``: kind first, dashes only (docs/modelling.md)."""
        parts = [kind, self.tag, local] if self.tag else [kind, local]
        return iri("ipod", "-".join(x for x in parts if x))

    def add(self, subject: NamedNode, *pairs: tuple[str, Obj | list[Obj]]) -> NamedNode:
        from pyoxigraph import Triple

        group = self.by_subject.setdefault(subject.value, [])
        for pred, obj in pairs:
            prefix, _, local = pred.partition(":")
            p = iri(prefix, local)
            for o in obj if isinstance(obj, list) else [obj]:
                group.append(Triple(subject, p, o))
        return subject

    def labelled(self, subject: NamedNode, label_nl: str, label_en: str | None = None) -> None:
        labels: list[Obj] = [nl(label_nl)]
        if label_en and label_en != label_nl:
            labels.append(en(label_en))
        self.add(subject, ("rdfs:label", labels))

    @property
    def triples(self) -> list[Triple]:
        return [t for group in self.by_subject.values() for t in group]


@dataclass
class Generator:
    """What one file needs: its own source document, excerpts and time instants."""

    b: Builder
    rng: random.Random
    number: int
    source: NamedNode | None = None
    excerpt_count: int = 0
    instants: dict[date, NamedNode] = field(default_factory=dict)

    def make_source(self, title: str) -> None:
        # The shapes want a file name like the real sources': NNN_<16 hex>.txt.
        digest = hashlib.sha256(f"synth/{self.number}".encode()).hexdigest()[:16]
        b = self.b
        self.source = b.node("source")
        b.add(
            self.source,
            ("rdf:type", iri("ipo", "SourceDocument")),
            ("dcterms:identifier", typed(f"{self.number % 1000:03d}_{digest}.txt", "string")),
            ("dcterms:title", nl(title)),
            ("dcterms:issued", typed(STATE_DATE.isoformat(), "date")),
            ("ipo:stateDate", typed(STATE_DATE.isoformat(), "date")),
        )
        b.labelled(self.source, f"Synthetisch brondocument: {title}", f"Synthetic source: {title}")

    def cite(self, subject: NamedNode, words: str) -> None:
        """An excerpt stating ``words``, and the provenance of ``subject`` pointing to it."""
        assert self.source is not None
        self.excerpt_count += 1
        line = self.excerpt_count
        ex = self.b.node("excerpt", f"{line:05d}")
        self.b.add(
            ex,
            ("rdf:type", iri("ipo", "Excerpt")),
            ("rdf:value", nl(words)),
            ("prov:wasQuotedFrom", self.source),
            ("ipo:line", typed(str(line), "integer")),
        )
        self.b.labelled(
            ex, f"Fragment {self.b.tag} regel {line}", f"Excerpt {self.b.tag} line {line}"
        )
        self.b.add(subject, ("prov:wasDerivedFrom", self.source), ("ipo:evidence", ex))

    def instant(self, day: date) -> NamedNode:
        if day not in self.instants:
            node = self.b.node("instant", day.isoformat())
            iso = typed(day.isoformat(), "date")
            self.b.add(
                node,
                ("rdf:type", iri("time", "Instant")),
                ("time:inXSDDate", iso),
                ("ipo:earliest", iso),
                ("ipo:latest", iso),
            )
            self.b.labelled(
                node, f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}", day.isoformat()
            )
            self.instants[day] = node
        return self.instants[day]

    def interval(self, owner: str, begin: date, end: date | None) -> NamedNode:
        node = self.b.node("interval", owner)
        self.b.add(
            node,
            ("rdf:type", iri("time", "Interval")),
            ("time:hasBeginning", self.instant(begin)),
        )
        if end:
            self.b.add(node, ("time:hasEnd", self.instant(end)))
        until = f"tot en met {end.isoformat()}" if end else "zonder einddatum"
        self.b.labelled(node, f"vanaf {begin.isoformat()} {until}")
        return node

    def random_day(self, year: int) -> date:
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def organisation(
        self, kind: str, local: str, cls: str, label_nl: str, label_en: str
    ) -> NamedNode:
        node = self.b.node(kind, local)
        self.b.add(node, ("rdf:type", iri("ipo", cls)))
        self.b.labelled(node, label_nl, label_en)
        self.cite(node, f"Er is een {label_nl}.")
        return node


def core_triples() -> list[Triple]:
    """What every association refers to: roles, portfolios, IPO and the twelve provinces.

    The shapes allow only the twelve real provinces (each with its own TOOI identifier, each a
    member of ``ipod:ipo``), so the provinces do not multiply with the scale; the synthetic
    associations each have the twelve as members.
    """
    g = Generator(Builder(""), random.Random(0), 999)
    b = g.b
    g.make_source("kern van de synthetische organisatie")
    for slug, (label_nl, label_en) in ROLES.items():
        node = b.node("role", slug)
        b.add(node, ("rdf:type", iri("org", "Role")))
        b.labelled(node, label_nl, label_en)
    scheme = b.node("scheme", "synth-portefeuilles")
    b.add(scheme, ("rdf:type", iri("skos", "ConceptScheme")))
    b.labelled(scheme, "synthetische portefeuilles", "synthetic portfolios")
    for slug, (label_nl, label_en) in sorted(PORTFOLIOS.items()):
        node = b.node("concept", f"synth-{slug}")
        b.add(
            node,
            ("rdf:type", iri("skos", "Concept")),
            ("skos:prefLabel", [nl(label_nl), en(label_en)]),
            ("skos:inScheme", scheme),
        )
        b.labelled(node, label_nl, label_en)
    ipo = g.organisation(
        "ipo", "", "Association", "Interprovinciaal Overleg", "Interprovincial Consultation"
    )
    b.add(ipo, ("skos:altLabel", nl("IPO")))
    for number, (slug, name) in enumerate(PROVINCES):
        prov = g.organisation("provincie", slug, "Province", name, name)
        b.add(
            prov,
            ("owl:sameAs", iri_raw(f"{TOOI}{20 + number}")),
            ("org:memberOf", ipo),
            ("org:hasUnit", b.node("provinciale-staten", slug)),
        )
        staten = g.organisation(
            "provinciale-staten",
            slug,
            "GoverningBody",
            f"Provinciale Staten van {name}",
            f"Provincial Council of {name}",
        )
        b.add(staten, ("org:unitOf", prov))
        m = b.node("membership", f"ipo-lid-{slug}")
        b.add(
            m,
            ("rdf:type", iri("org", "Membership")),
            ("org:member", prov),
            ("org:organization", ipo),
            ("org:role", b.node("role", "lid")),
            ("org:memberDuring", g.interval(f"ipo-lid-{slug}", date(1986, 1, 1), None)),
        )
        b.labelled(m, f"{name} is lid van het IPO", f"{name} is a member of IPO")
        g.cite(m, f"{name} is lid van de vereniging.")
    return b.triples


@dataclass
class Association(Generator):
    """One synthetic association: bodies, offices, units, posts, seats, people, history."""

    person_count: int = 0

    def person(self) -> NamedNode:
        self.person_count += 1
        code = f"{self.b.tag[1:]}-{self.person_count:03d}"
        node = self.b.node("persoon", f"{self.person_count:03d}")
        self.b.add(
            node,
            ("rdf:type", iri("foaf", "Person")),
            ("foaf:name", typed(f"Persoon {code}", "string")),
        )
        self.b.labelled(node, f"Persoon {code}", f"Person {code}")
        return node

    def post(
        self,
        local: str,
        label: tuple[str, str],
        post_in: NamedNode,
        role: str,
        *,
        seat: bool,
        since: date,
    ) -> NamedNode:
        node = self.b.node("post", local)
        self.b.add(
            node,
            ("rdf:type", iri("ipo", "Seat") if seat else iri("org", "Post")),
            ("org:postIn", post_in),
            ("org:role", iri("ipod", f"role-{role}")),
            ("ipo:during", self.interval(f"post-{local}", since, None)),
        )
        self.b.labelled(node, *label)
        self.cite(node, f"De functie {label[0]} bestaat sinds {since.year}.")
        self.tenures(node, local, label[0], since)
        return node

    def tenures(self, post: NamedNode, local: str, label_nl: str, since: date) -> None:
        """People succeeding each other in ``post``; the last one holds it now."""
        start = max(since, self.random_day(FIRST_TENURE_YEAR))
        number = 0
        while True:
            number += 1
            end: date | None = start + timedelta(days=self.rng.randrange(3 * 365, 8 * 365))
            if end is not None and end >= STATE_DATE:
                end = None
            person = self.person()
            tenure = self.b.node("tenure", f"{local}-{number}")
            kind = "AdInterim" if self.rng.random() < 0.1 else "Regular"
            self.b.add(
                tenure,
                ("rdf:type", iri("ipo", "Tenure")),
                ("ipo:post", post),
                ("ipo:holder", person),
                ("ipo:tenureType", iri("ipo", kind)),
                ("ipo:during", self.interval(f"tenure-{local}-{number}", start, end)),
            )
            self.b.labelled(tenure, f"{label_nl}, termijn {number}", f"{local}, term {number}")
            self.cite(tenure, f"De functie {label_nl} werd vervuld door persoon {number}.")
            if end is None:
                self.b.add(post, ("org:heldBy", person))
                return
            start = end + timedelta(days=1)

    def membership(
        self, local: str, member: NamedNode, body: NamedNode, role: str, since: date
    ) -> None:
        node = self.b.node("membership", local)
        self.b.add(
            node,
            ("rdf:type", iri("org", "Membership")),
            ("org:member", member),
            ("org:organization", body),
            ("org:role", iri("ipod", f"role-{role}")),
            ("org:memberDuring", self.interval(f"membership-{local}", since, None)),
        )
        self.b.labelled(node, f"lidmaatschap {local}", f"membership {local}")
        self.cite(node, f"Lidmaatschap {local}.")

    def reporting(self, local: str, from_post: NamedNode, to_post: NamedNode, since: date) -> None:
        self.b.add(from_post, ("org:reportsTo", to_post))
        node = self.b.node("reporting-line", local)
        self.b.add(
            node,
            ("rdf:type", iri("ipo", "ReportingLine")),
            ("ipo:fromPost", from_post),
            ("ipo:toPost", to_post),
            ("ipo:during", self.interval(f"reporting-line-{local}", since, None)),
        )
        self.b.labelled(node, f"rapportagelijn {local}", f"reporting line {local}")
        self.cite(node, f"De {local} rapporteert aan de algemeen directeur.")

    def generate(self) -> None:
        t = self.b.tag
        self.make_source(f"jaarverslag van Synthetisch Overleg {t}")
        ipo = iri("ipod", "ipo")
        assoc = self.organisation(
            "vereniging",
            "",
            "Association",
            f"Synthetisch Overleg {t}",
            f"Synthetic Association {t}",
        )
        site = self.b.node("site")
        self.b.add(site, ("rdf:type", iri("org", "Site")))
        self.b.labelled(site, f"Synthetische stad {t}", f"Synthetic city {t}")
        self.b.add(assoc, ("org:hasRegisteredSite", site), ("org:linkedTo", ipo))
        since = self.random_day(FIRST_YEAR)
        bodies = {}
        for slug, cls, label_nl, label_en in (
            ("algemene-vergadering", "GoverningBody", "Algemene Vergadering", "General Assembly"),
            ("bestuur", "GoverningBody", "Bestuur", "Board"),
            ("bureau", "Office", "Bureau", "Office"),
        ):
            body = self.organisation(slug, "", cls, f"{label_nl} {t}", f"{label_en} {t}")
            self.b.add(assoc, ("org:hasSubOrganization", body))
            bodies[slug] = body
        self.b.add(bodies["bureau"], ("org:hasPrimarySite", site))
        director = self.post(
            "algemeen-directeur",
            (f"algemeen directeur {t}", f"director-general {t}"),
            assoc,
            "algemeen-directeur",
            seat=False,
            since=since,
        )
        self.membership("bestuur-secretaris", director, bodies["bestuur"], "secretaris", since)
        chair = self.post(
            "bestuur-voorzitter",
            (f"voorzitter bestuur {t}", f"chair of the board {t}"),
            bodies["bestuur"],
            "voorzitter",
            seat=True,
            since=since,
        )
        self.membership("bestuur-voorzitter", chair, bodies["bestuur"], "voorzitter", since)
        for u in range(1, UNITS_PER_OFFICE + 1):
            unit = self.organisation(
                "unit", str(u), "Unit", f"unit {u} van bureau {t}", f"unit {u} of office {t}"
            )
            self.b.add(bodies["bureau"], ("org:hasUnit", unit))
            manager = self.post(
                f"unitmanager-{u}",
                (f"unitmanager {u} {t}", f"unit manager {u} {t}"),
                unit,
                "unitmanager",
                seat=False,
                since=since,
            )
            self.reporting(f"unitmanager-{u}", manager, director, since)
        committees = []
        for slug, (c_nl, c_en) in sorted(PORTFOLIOS.items())[:COMMITTEES]:
            bac = self.organisation(
                "bac",
                slug,
                "PoliticalAdvisoryCommittee",
                f"bestuurlijke adviescommissie {c_nl} {t}",
                f"political advisory committee {c_en} {t}",
            )
            self.b.add(
                assoc,
                ("org:hasSubOrganization", bac),
                ("ipo:portfolio", iri("ipod", f"concept-synth-{slug}")),
            )
            committees.append((slug, bac))
        for number, (slug, name) in enumerate(PROVINCES):
            self.province(number, slug, name, assoc, bodies, committees)

    def province(
        self,
        number: int,
        slug: str,
        name: str,
        assoc: NamedNode,
        bodies: dict[str, NamedNode],
        committees: list[tuple[str, NamedNode]],
    ) -> None:
        t = self.b.tag
        prov = iri("ipod", f"provincie-{slug}")
        self.membership(f"lid-{slug}", prov, assoc, "lid", self.random_day(FIRST_YEAR))
        since = self.random_day(FIRST_YEAR)
        self.seat(
            f"av-{slug}",
            (
                f"zetel van {name} in de Algemene Vergadering {t}",
                f"seat of {name} in General Assembly {t}",
            ),
            bodies["algemene-vergadering"],
            prov,
            "statenlid",
            since,
            ("ipo:nominatedBy", iri("ipod", f"provinciale-staten-{slug}")),
        )
        c_slug, bac = committees[number % len(committees)]
        self.seat(
            f"bac-{c_slug}-{slug}",
            (
                f"zetel van {name} in commissie {c_slug} {t}",
                f"seat of {name} in committee {c_slug} {t}",
            ),
            bac,
            prov,
            "gedeputeerde",
            since,
        )

    def seat(
        self,
        key: str,
        labels: tuple[str, str],
        body: NamedNode,
        province: NamedNode,
        eligible: str,
        since: date,
        *extra: tuple[str, NamedNode],
    ) -> None:
        """A province's member seat in a body: the post and the membership it stands for."""
        post = self.post(key, labels, body, "lid", seat=True, since=since)
        self.b.add(
            post,
            ("ipo:representsProvince", province),
            ("ipo:eligibleRole", iri("ipod", f"role-{eligible}")),
            *extra,
        )
        self.membership(key, post, body, "lid", since)


def iri_raw(value: str) -> NamedNode:
    from pyoxigraph import NamedNode

    return NamedNode(value)


def association_triples(n: int, seed: int = 0) -> list[Triple]:
    """The triples of association number ``n`` (1-based) for ``seed``."""
    assoc = Association(Builder(f"s{n:04d}"), random.Random(f"{seed}/{n}"), n)
    assoc.generate()
    return assoc.b.triples


def _turtle(triples: list[Triple]) -> bytes:
    from pyoxigraph import RdfFormat, serialize

    header = (
        b"# Synthetic data written by `ipo-graph synth`: not about any real organisation or "
        b"person.\n"
    )
    body = serialize(triples, format=RdfFormat.TURTLE, prefixes=NS)
    assert body is not None
    return header + body


def planned_files(scale: int, seed: int = 0) -> Iterator[tuple[str, Callable[[], list[Triple]]]]:
    """File name → a function making its triples, in writing order."""
    yield "core.ttl", core_triples
    for n in range(1, scale + 1):
        yield f"association-{n:04d}.ttl", partial(association_triples, n, seed)


def write(scale: int, output: Path, seed: int = 0) -> list[Path]:
    """Write a synthetic organisation of ``scale`` associations into ``output``."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in planned_files(scale, seed):
        path = output / name
        atomic_write_bytes(path, _turtle(make()))
        path.chmod(0o644)  # a temporary file's private mode is not meant for data files
        written.append(path)
    # An earlier, larger scale in the same folder would otherwise stay part of the data.
    keep = {p.name for p in written}
    for stale in sorted(output.glob("association-[0-9][0-9][0-9][0-9].ttl")):
        if stale.name not in keep:
            stale.unlink()
    return written


def dangling_links(path: Path, count: int, source: str = "ipod:post-algemeen-directeur") -> Path:
    """A Turtle file of ``count`` links from ``source`` to resources defined nowhere
    (``ipod:nergens-0`` …), one a line from line 3 on: broken data whose report must cost
    little (the benchmark's 300 dangling references, the tests of one reading)."""
    lines = [
        "@prefix ipod: <https://w3id.org/ipo-graph/id/> .",
        "@prefix org: <http://www.w3.org/ns/org#> .",
    ]
    lines += [f"{source} org:reportsTo ipod:nergens-{i} ." for i in range(count)]
    atomic_write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
