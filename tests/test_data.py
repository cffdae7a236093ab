"""The shipped data against its sources: provenance, excerpts, labels, names, structure."""

from __future__ import annotations

import re
from collections import Counter

from rdflib import URIRef

from ipo_graph.api import IpoGraph
from ipo_graph.namespaces import DCTERMS, FOAF, IPO, IPOD, ORG, PROV, RDF, RDFS


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_source_documents_are_the_shared_files(kg: IpoGraph, sources: dict[str, str]) -> None:
    idents = {str(o) for o in kg.graph.objects(None, DCTERMS.identifier)}
    assert idents == set(sources)
    for doc in kg.instances(IPO.SourceDocument):
        assert kg.graph.value(doc, DCTERMS.issued) is not None
        assert kg.graph.value(doc, IPO.stateDate) is not None


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def test_every_excerpt_is_verbatim_at_its_line(kg: IpoGraph, sources: dict[str, str]) -> None:
    # byte for byte: whitespace, line breaks and OCR errors included; it starts on its line
    excerpts = kg.instances(IPO.Excerpt)
    assert len(excerpts) > 90
    for e in excerpts:
        doc = kg.graph.value(e, PROV.wasQuotedFrom)
        text = sources[str(kg.graph.value(doc, DCTERMS.identifier))]
        line = int(kg.graph.value(e, IPO.line))  # type: ignore[arg-type]
        words = str(kg.graph.value(e, RDF.value))
        starts = _line_starts(text)
        begin, end = starts[line - 1], starts[line] if line < len(starts) else len(text)
        at = text.find(words, begin)
        assert at != -1, f"{e}: not verbatim in the source from line {line}"
        assert at < end, f"{e}: does not start on line {line}"


def test_excerpt_keeps_a_double_space(kg: IpoGraph) -> None:
    # regression: 001:234 reads "»  Gespreksronde" with two spaces; the excerpt once had one
    value = str(kg.graph.value(IPOD["excerpt-001-234-planning-gespreksronde"], RDF.value))
    assert "»  Gespreksronde selectiecommissie (circa 3 tot 4\nkandidaten)" in value


def test_every_person_is_named_in_a_source(kg: IpoGraph, sources: dict[str, str]) -> None:
    everything = "\n".join(sources.values())
    people = kg.instances(FOAF.Person)
    assert len(people) == 6
    for person in people:
        name = str(kg.graph.value(person, FOAF.name))
        assert name in everything, name


def test_ocr_errors_are_not_in_labels(kg: IpoGraph) -> None:
    # 001 writes "BlJ12", "Gemeenschappelike", "bedrijffsvoering": labels must not.
    for _, lab in kg.graph.subject_objects(RDFS.label):
        for wrong in ("BlJ12", "Gemeenschappelike", "bedrijffsvoering", "gemeenschappelike"):
            assert wrong not in str(lab) or str(lab).startswith(("Uittreksel", "Excerpt")), lab


def test_seats_follow_the_sources(kg: IpoGraph) -> None:
    # 000 l.29: 24 Statenleden, twee per provincie;
    # 000 l.25: twaalf leden, vier adviseurs, een voorzitter.
    def seats_in(body: str) -> list[URIRef]:
        return [
            s
            for s in kg.graph.subjects(ORG.postIn, IPOD[body])
            if (s, RDF.type, IPO.Seat) in kg.graph
        ]

    av = seats_in("algemene-vergadering")
    assert len(av) == 24
    per_province = Counter(kg.graph.value(s, IPO.representsProvince) for s in av)
    assert set(per_province.values()) == {2} and len(per_province) == 12
    bestuur = seats_in("bestuur")
    roles = Counter(kg.label(kg.graph.value(s, ORG.role)) for s in bestuur)  # type: ignore[arg-type]
    assert roles == {"lid": 12, "adviseur": 4, "voorzitter": 1}
    # an unnamed seat is a membership whose member is the seat (a role held by virtue of a
    # post); the one seat with a named holder is the holder's membership instead
    for seat in av + bestuur:
        holder = kg.graph.value(seat, ORG.heldBy)
        assert (None, ORG.member, holder or seat) in kg.graph, seat


def test_december_2025_posts_filled_ad_interim_and_planned_directie(kg: IpoGraph) -> None:
    ad, dir_bij12 = IPOD["post-algemeen-directeur"], IPOD["post-directeur-bij12"]
    pad = IPOD["post-plaatsvervangend-algemeen-directeur"]
    interim = {
        kg.graph.value(t, IPO.post) for t in kg.graph.subjects(IPO.tenureType, IPO.AdInterim)
    }
    assert interim == {ad, dir_bij12}
    assert (pad, IPO.status, IPO.Planned) in kg.graph
    assert (pad, IPO.combinedWith, dir_bij12) in kg.graph
    assert (pad, IPO.mutualSubstituteOf, ad) in kg.graph
    # the actual posts carry no relation that rests on the planned directie (001:64-75)
    assert (ad, IPO.mutualSubstituteOf, pad) not in kg.graph
    assert (dir_bij12, IPO.combinedWith, pad) not in kg.graph


def test_discrepancies_are_recorded_not_resolved(kg: IpoGraph) -> None:
    discrepancies = kg.instances(IPO.Discrepancy)
    labels = " ".join(kg.label(d) for d in discrepancies)
    for topic in ("6 of 9 januari 2026", "2025", "College van Bestuur", "Raad van Toezicht"):
        assert topic in labels
    for d in discrepancies:
        assert len(set(kg.graph.objects(d, IPO.reading))) >= 2
        assert set(kg.graph.objects(d, IPO.concerns))


def test_personal_data_is_only_on_people(kg: IpoGraph) -> None:
    from ipo_graph.privacy import personal_properties, without_personal_data

    props = personal_properties(kg.graph)
    assert {IPO.workEmail, IPO.workPhone} <= props
    subjects = {s for p in props for s in kg.graph.subjects(p, None)}
    assert subjects and all((s, RDF.type, FOAF.Person) in kg.graph for s in subjects)
    public = without_personal_data(kg.graph)
    assert not any((None, p, None) in public for p in props)
    personal_values = {str(o) for p in props for o in kg.graph.objects(None, p)}
    public_text = " ".join(str(o) for o in public.objects())
    assert personal_values and not any(v in public_text for v in personal_values)
