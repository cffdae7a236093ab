"""Regression tests for the facts issue 13 found wrong, unsupported, double counted or not planned.

Each test names the source lines it rests on; see docs/modelling.md for the judgements.
"""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef

from ipo_graph.api import IpoGraph
from ipo_graph.namespaces import IPO, IPOD, ORG, PROV, RDF, RDFS, SKOS

RDF_STATEMENT = RDF.Statement
BESTUUR = IPOD["bestuur"]
AD = IPOD["post-algemeen-directeur"]
PAD = IPOD["post-plaatsvervangend-algemeen-directeur"]
DIR_BIJ12 = IPOD["post-directeur-bij12"]


def _memberships(kg: IpoGraph, body: URIRef) -> list[URIRef]:
    return list(kg.graph.subjects(ORG.organization, body))  # type: ignore[arg-type]


def _role(kg: IpoGraph, m: URIRef) -> str:
    return kg.label(kg.graph.value(m, ORG.role))  # type: ignore[arg-type]


def test_bestuur_seats_and_memberships_agree(kg: IpoGraph) -> None:
    # 000:25: twelve members, four advisers, an independent chair; the AD is secretary
    members = _memberships(kg, BESTUUR)
    roles = Counter(_role(kg, m) for m in members)
    assert roles == {"lid": 12, "adviseur": 4, "voorzitter": 1, "secretaris": 1}
    seats = {
        s for s in kg.graph.subjects(ORG.postIn, BESTUUR) if (s, RDF.type, IPO.Seat) in kg.graph
    }
    assert len(seats) == 17
    for seat in seats:
        holder = kg.graph.value(seat, ORG.heldBy) or seat
        assert len([m for m in members if kg.graph.value(m, ORG.member) == holder]) == 1, seat
    extra = [
        m
        for m in members
        if kg.graph.value(m, ORG.member) not in seats | {IPOD["person-theo-bovens"]}
    ]
    assert [(kg.graph.value(m, ORG.member), _role(kg, m)) for m in extra] == [(AD, "secretaris")]


def test_the_fourth_adviser_is_a_provincial_secretary_not_the_ipo_director(kg: IpoGraph) -> None:
    # 000:25 "één algemeen directeur/provinciesecretaris"; 000:5 the AD advises the board
    advisers = [m for m in _memberships(kg, BESTUUR) if _role(kg, m) == "adviseur"]
    assert AD not in {kg.graph.value(m, ORG.member) for m in advisers}
    assert (AD, IPO.advises, BESTUUR) in kg.graph
    seat = IPOD["post-bestuur-adviseur-provinciesecretaris"]
    assert (seat, IPO.eligibleRole, IPOD["role-provinciesecretaris"]) in kg.graph
    assert "algemeen directeur/provinciesecretaris" not in kg.label(seat)


def test_portfolio_holder_is_one_of_the_twelve(kg: IpoGraph) -> None:
    # 000:25 "Ieder bestuurslid heeft een eigen inhoudelijke portefeuille"
    post = IPOD["post-bestuur-portefeuillehouder-vitaal-platteland"]
    assert (post, RDF.type, IPO.Seat) not in kg.graph
    assert not any(kg.graph.value(m, ORG.member) == post for m in _memberships(kg, BESTUUR))
    among = set(kg.graph.objects(post, IPO.combinedWithOneOf))
    assert len(among) == 12 and all(_role(kg, s) == "lid" for s in among)  # type: ignore[arg-type]


def test_menninga_holds_one_of_the_2020_management_posts(kg: IpoGraph) -> None:
    # 000:37 the management consists of five posts under the AD; 000:127 Menninga (MT-IPO)
    mt = IPOD["managementteam-ipo"]
    members = {kg.graph.value(m, ORG.member) for m in _memberships(kg, mt)}
    person = IPOD["person-hester-menninga"]
    assert person not in members and len(members) == 6
    posts = set(kg.graph.objects(person, IPO.holdsOneOf))
    assert len(posts) == 5 and posts <= members and AD not in posts
    assert (IPOD["discrepancy-menninga-functie"], RDF.type, IPO.Discrepancy) in kg.graph


def test_transition_and_reorganisation_are_two_events(kg: IpoGraph) -> None:
    # 000:61 the 2014 transition slimmed the office; 000:63 a later reorganisation
    reorganisation = IPOD["event-reorganisatie-bureau"]
    slimming = IPOD["event-afslanking-bureau"]
    assert kg.graph.value(reorganisation, IPO.eventDate) is None
    words = str(kg.graph.value(IPOD["excerpt-000-063-reorganisatie-bureau"], RDF.value))
    assert words.startswith("De afgelopen periode") and "Onderdeel hiervan" in words
    assert kg.graph.value(reorganisation, IPO.figureBefore) is None
    assert kg.graph.value(slimming, IPO.figureBefore) == IPOD["figure-bureau-fte-voor-afslanking"]
    assert (
        slimming,
        URIRef("http://purl.org/dc/terms/isPartOf"),
        IPOD["event-transitie-2014"],
    ) in kg.graph


def test_unsupported_values_are_gone_or_marked(kg: IpoGraph) -> None:
    assert kg.graph.value(IPOD["event-tweehoofdige-directie"], IPO.eventDate) is None
    assert kg.graph.value(IPOD["vacancy-algemeen-directeur-2020"], IPO.appointingBody) is None
    assert kg.graph.value(IPOD["selectiecommissie-2025"], IPO.during) is None
    sixty = IPOD["figure-bureau-fte-voor-afslanking"]
    assert {o.language for o in kg.graph.objects(sixty, IPO.assumption)} == {"nl", "en"}  # type: ignore[union-attr]
    for label in kg.graph.objects(IPOD["site-vergadercentrum-bij12"], RDFS.label):
        assert "Utrecht" not in str(label)


def _planned(kg: IpoGraph, node: object) -> bool:
    return (node, IPO.status, IPO.Planned) in kg.graph


def test_everything_resting_on_the_planned_directie_is_planned(kg: IpoGraph) -> None:
    # 001:64-66 "zal een organisatiestructuur worden ingericht met een tweehoofdige directie"
    team = IPOD["directieteam"]
    assert _planned(kg, PAD) and _planned(kg, team)
    assert all(_planned(kg, m) for m in _memberships(kg, team))
    links = list(kg.graph.subjects(IPO.child, team))
    assert links and all(_planned(kg, link) for link in links)
    for line in kg.instances(IPO.ReportingLine):
        if PAD in (kg.graph.value(line, IPO.fromPost), kg.graph.value(line, IPO.toPost)):
            assert _planned(kg, line), line
    qualified = {
        (
            kg.graph.value(s, RDF.subject),
            kg.graph.value(s, RDF.predicate),
            kg.graph.value(s, RDF.object),
        )
        for s in kg.graph.subjects(RDF.type, RDF_STATEMENT)
        if _planned(kg, s)
    }
    assert (AD, IPO.mutualSubstituteOf, PAD) not in kg.graph
    assert (DIR_BIJ12, IPO.combinedWith, PAD) not in kg.graph
    for prop in (IPO.combinedWith, IPO.mutualSubstituteOf, IPO.deputyOf):
        for s, o in kg.graph.subject_objects(prop):
            if PAD not in (s, o):
                continue  # e.g. the Kring member's two committee posts (000:33)
            assert _planned(kg, s), f"{s} {prop} {o}: rests on a planned post"
            assert (s, prop, o) in qualified, f"{s} {prop} {o} lacks a planned statement"


def test_discrepancies_the_issue_names_are_recorded(kg: IpoGraph) -> None:
    for slug in (
        "selectiecommissie-of-raad-van-toezicht",
        "naam-vng",
        "adviseur-algemeen-directeur",
        "menninga-functie",
    ):
        d = IPOD[f"discrepancy-{slug}"]
        assert (d, RDF.type, IPO.Discrepancy) in kg.graph, slug
        assert len(set(kg.graph.objects(d, IPO.reading))) >= 2, slug


def test_a_kring_member_is_secretary_and_chair_of_matching_committees(kg: IpoGraph) -> None:
    # 000:33 "De leden van de Kring zijn secretaris van de bestuurlijke adviescommissies
    # (12 vakgedeputeerden) en voorzitter van de daarbij behorende ambtelijke adviescommissie"
    secretary = IPOD["post-bac-vitaal-platteland-secretaris"]
    chair = IPOD["post-aac-vitaal-platteland-voorzitter"]
    assert (secretary, IPO.combinedWith, chair) in kg.graph
    among = set(kg.graph.objects(secretary, IPO.combinedWithOneOf))
    assert AD in among and len(among) == 13
    assert (IPOD["aac-vitaal-platteland"], ORG.linkedTo, IPOD["bac-vitaal-platteland"]) in kg.graph


def test_bovens_office_is_labelled_with_its_title(kg: IpoGraph) -> None:
    # 000:25 "Theo Bovens, Gouverneur van de Koning in Limburg"; the same document calls the
    # office "Commissaris van de Koning" (000:25 "drie Commissarissen van de Koning", 000:47)
    post = IPOD["post-cdk-limburg"]
    labels = {str(o) for o in kg.graph.objects(post, RDFS.label)}
    assert "Commissaris van de Koning in Limburg" in labels
    assert not any("Gouverneur" in label for label in labels)
    tenure = IPOD["tenure-cdk-limburg-bovens"]
    assert not any("Gouverneur" in str(o) for o in kg.graph.objects(tenure, RDFS.label))
    alt = {str(o) for o in kg.graph.objects(post, SKOS.altLabel)}
    assert "Gouverneur van de Koning in Limburg" in alt
    d = IPOD["discrepancy-titel-bovens"]
    assert (d, IPO.discrepancyKind, IPO.NameVariant) in kg.graph
    assert {post, tenure} <= set(kg.graph.objects(d, IPO.concerns))


def test_directieteam_is_not_called_a_board_in_english(kg: IpoGraph) -> None:
    # 001:64-66, 72-75: a two-headed, collegial directie of two directors. "Board of directors"
    # names a raad van bestuur, which IPO does not have (discrepancy-raad-van-toezicht, 001:230)
    labels = [str(o) for o in kg.graph.objects(IPOD["directieteam"], RDFS.label)]
    assert labels and not any("board" in label.lower() for label in labels)


def test_candidate_numbers_stated_with_circa_are_approximate(kg: IpoGraph) -> None:
    # 001:205 "circa 4 tot 6 kandidaten"; 001:209, 231, 234 "circa 3 tot 4 kandidaten"
    steps = set(kg.graph.subjects(IPO.candidatesMin, None))
    assert len(steps) == 3
    for step in steps:
        assert (step, IPO.approximate, None) in kg.graph, step
        assert kg.graph.value(step, IPO.approximate).toPython() is True  # type: ignore[union-attr]


def test_responsibility_labels_say_what_the_lines_say(kg: IpoGraph) -> None:
    # 000:33 the strategic tasks are "veelal" led by a provincial secretary, not always
    scheme = {str(o) for o in kg.graph.objects(IPOD["scheme-strategische-opgaven"], RDFS.label)}
    assert any("veelal" in label for label in scheme) and any("often" in label for label in scheme)
    # 001:129-131 "het voorzitten van het managementteam van BlJ12 en het aansturen en
    # ondersteunen van de unitmanagers": the second half was missing
    concept = IPOD["concept-directeur-bij12-leidinggeven"]
    for prop in (RDFS.label, SKOS.prefLabel):
        labels = {o.language: str(o) for o in kg.graph.objects(concept, prop)}  # type: ignore[union-attr]
        assert "unitmanagers" in labels["nl"] and "unit managers" in labels["en"]


def test_the_missing_section_6_of_001_is_recorded(kg: IpoGraph) -> None:
    # 001:163 "5. Arbeidsvoorwaarden" is followed by 001:179 " 7. De procedure": no section 6
    d = IPOD["discrepancy-paragraaf-6-ontbreekt"]
    assert (d, RDF.type, IPO.Discrepancy) in kg.graph
    lines = {int(kg.graph.value(e, IPO.line)) for e in kg.graph.objects(d, IPO.conflictingExcerpt)}  # type: ignore[arg-type]
    assert lines == {163, 179}
    assert len(set(kg.graph.objects(d, IPO.reading))) == 2


def test_ocr_misspelt_names_in_labels_are_a_recorded_discrepancy(kg: IpoGraph) -> None:
    # 001:64 "BlJ12", 001:50 "Gemeenschappelike", 001:53 "bedrijffsvoering": the labels
    # correct them (test_data.py), and the correction is data, not silent
    d = IPOD["discrepancy-ocr-namen-001"]
    assert (d, IPO.discrepancyKind, IPO.NameVariant) in kg.graph
    assert {
        IPOD["bij12"],
        IPOD["bij12-bedrijfsvoering"],
        IPOD["bij12-gemeenschappelijke-beheerorganisatie-provincies"],
    } <= set(kg.graph.objects(d, IPO.concerns))
    quoted = " ".join(
        str(kg.graph.value(e, RDF.value)) for e in kg.graph.objects(d, IPO.conflictingExcerpt)
    )
    for wrong in ("BlJ12", "Gemeenschappelike", "bedrijffsvoering"):
        assert wrong in quoted
        assert any(wrong in str(r) for r in kg.graph.objects(d, IPO.reading))


def test_stated_as_keeps_the_sources_own_wording(kg: IpoGraph) -> None:
    # ipo:statedAs is the source's literal wording, errors and all: 001:243 reads
    # "Véor 1 februari 2026 » Formele benoeming door de Raad van Toezicht" (it said "Vóór")
    from ipo_graph import paths

    stated = str(kg.graph.value(IPOD["step-2025-09-benoeming"], IPO.statedAs))
    source = paths.sources_dir() / "001_706ab6f4b2994d12.txt"
    line = source.read_text(encoding="utf-8").splitlines()[242]
    assert stated == line.rstrip(".") and stated.startswith("Véor")


def test_the_directors_2020_job_description_is_complete(kg: IpoGraph) -> None:
    # 000:5 "een directeur die complexe politiek-bestuurlijke dossiers aanpakt"; 000:69 "zorgt
    # hierbij voor een goede verbinding tussen de leden, de onderdelen van de vereniging IPO en
    # alle medewerkers"; 000:77 "stuurt het proces voor de P&C-producten aan", "heeft aandacht
    # voor de onderlinge samenwerking ... stuurt op inhoud, proces en samenwerking"; 000:92 "Het
    # verdiepen van de samenwerking en uitbreiden van partnerschappen is een cruciale opgave"
    duties = set(kg.graph.objects(AD, IPO.responsibility))
    for slug in (
        "complexe-dossiers",
        "verbinding-leden-medewerkers",
        "pc-proces",
        "samenhang-management",
        "partnerschappen",
    ):
        assert IPOD[f"concept-ad-{slug}"] in duties, slug
    # each duty cites the line that states it (so the time rule dates it by 000)
    lines = {
        int(kg.graph.value(e, IPO.line))  # type: ignore[arg-type]
        for slug in ("complexe-dossiers", "verbinding-leden-medewerkers", "partnerschappen")
        for e in kg.graph.objects(IPOD[f"concept-ad-{slug}"], IPO.evidence)
    }
    assert lines == {5, 69, 92}


def test_the_2025_directie_duties_the_text_states_are_recorded(kg: IpoGraph) -> None:
    # 001:72-73 the deputy "draagt mede de verantwoordelijkheid voor de organisatie als geheel";
    # 001:74 "worden taken en portefeuilles onderling afgestemd"; 001:77-78 the director-general
    # "is eerste aanspreekpunt voor het Bestuur en de Algemene Vergadering en eindverantwoordelijk
    # voor de gehele organisatie"; 001:79-81 the deputy "onderhoudt de contacten met de aan
    # BIJ12 betrokken stakeholders"
    ad = set(kg.graph.objects(AD, IPO.responsibility))
    assert IPOD["concept-ad-eerste-aanspreekpunt"] in ad
    assert IPOD["concept-ad-eindverantwoordelijk-gehele-organisatie"] in ad
    pad = set(kg.graph.objects(PAD, IPO.responsibility))
    assert IPOD["concept-pad-medeverantwoordelijk-organisatie"] in pad
    assert IPOD["concept-pad-contacten-stakeholders-bij12"] in pad
    contacts = IPOD["concept-pad-contacten-stakeholders-bij12"]
    assert set(kg.graph.objects(contacts, IPO.evidence)) == {IPOD["excerpt-001-079-unitmanagers"]}
    team = set(kg.graph.objects(IPOD["directieteam"], IPO.responsibility))
    assert IPOD["concept-directie-afstemming-taken-portefeuilles"] in team


def test_words_a_discrepancy_label_quotes_stand_in_the_sources(kg: IpoGraph) -> None:
    # 001:181-182 "de zoektocht naar het nieuwe lid College van Bestuur": the label had
    # quoted it as 'Nieuw lid College van Bestuur'. A passage in quotes is the sources'
    # words (line breaks aside), or the start of one of the readings it sets against them
    # (the official name of the VNG, which no source writes)
    import re

    from ipo_graph.traceability import read_sources

    text = " ".join(" ".join(t.split()) for t in read_sources().values())
    misquoted = []
    for d in kg.graph.subjects(RDF.type, IPO.Discrepancy):
        readings = [str(r) for r in kg.graph.objects(d, IPO.reading)]
        for label in kg.graph.objects(d, RDFS.label):
            if getattr(label, "language", None) != "nl":
                continue
            for quoted in re.findall(r"'([^']+)'", str(label)):
                words = " ".join(quoted.split())
                if words not in text and not any(r.startswith(words) for r in readings):
                    misquoted.append((d, quoted))
    assert misquoted == []


def test_the_finance_portfolio_is_as_dated_as_the_management_it_is_held_in(
    kg: IpoGraph,
) -> None:
    # 000:77 "Binnen het management zijn de verschillende portefeuilles ... verdeeld. De
    # algemeen directeur heeft op dit moment de portefeuille financiën": on the post, which
    # 001 restates, it read as holding in December 2025; 001 names no portfolio
    finance = IPOD["concept-management-financien"]
    assert (AD, IPO.portfolio, finance) not in kg.graph
    (held_in,) = kg.graph.subjects(IPO.portfolio, finance)
    assert kg.graph.value(held_in, ORG.member) == AD
    assert kg.graph.value(held_in, ORG.organization) == IPOD["managementteam-ipo"]
    assert {str(d) for d in kg.graph.objects(held_in, PROV.wasDerivedFrom)} == {
        str(IPOD["source-000"])
    }


def test_the_selection_committee_is_part_of_nothing_the_sources_do_not_name(
    kg: IpoGraph,
) -> None:
    # 001:207-208 and 226-234 name "de Selectiecommissie" only in the procedure: whose it
    # is, no line says
    committee = IPOD["selectiecommissie-2025"]
    assert kg.graph.value(committee, ORG.subOrganizationOf) is None
    assert kg.graph.value(None, ORG.hasSubOrganization, committee) is None
    vacancy = IPOD["vacancy-plaatsvervangend-algemeen-directeur-2025"]
    assert (vacancy, IPO.selectionCommittee, committee) in kg.graph


def test_the_boards_political_primacy_is_modelled_not_excluded(kg: IpoGraph) -> None:
    # 000:115 "Het politieke primaat ligt bij het bestuur" stands in the candidate profile
    # (000:98-117), which was excluded whole as being about the person hired
    assert IPOD["concept-bestuur-politiek-primaat"] in set(
        kg.graph.objects(BESTUUR, IPO.responsibility)
    )
    excerpt = IPOD["excerpt-000-115-politiek-primaat"]
    assert set(kg.graph.objects(IPOD["concept-bestuur-politiek-primaat"], IPO.evidence)) == {
        excerpt
    }
    for exclusion in kg.graph.subjects(RDF.type, IPO.NotModelled):
        first = kg.graph.value(exclusion, IPO.firstLine)
        last = kg.graph.value(exclusion, IPO.lastLine)
        source = kg.graph.value(exclusion, PROV.wasQuotedFrom)
        if last is not None and source == IPOD["source-000"]:
            assert not int(first) <= 115 <= int(last), exclusion  # type: ignore[arg-type]


def test_every_responsibility_cites_the_lines_that_state_it(kg: IpoGraph) -> None:
    # a task is as dated as the words that state it, not as the post or body it hangs on,
    # which the other document may restate (000:69-96 and 001:72-134 both describe the
    # algemeen directeur): each concept cites its own excerpts, from documents that also
    # state whoever holds it, and the tasks of a planned post or body are planned too
    g = kg.graph
    for subject, concept in g.subject_objects(IPO.responsibility):
        excerpts = set(g.objects(concept, IPO.evidence))
        assert excerpts, concept
        quoted = {g.value(e, PROV.wasQuotedFrom) for e in excerpts}
        assert quoted == set(g.objects(concept, PROV.wasDerivedFrom)), concept
        assert quoted <= set(g.objects(subject, PROV.wasDerivedFrom)), (subject, concept)
        if (subject, IPO.status, IPO.Planned) in g:
            assert (concept, IPO.status, IPO.Planned) in g, concept


def test_a_task_both_documents_state_cites_both(kg: IpoGraph) -> None:
    # 000:43 "De organisatie BIJ12 in Utrecht ondersteunt de provincies bij de (advisering
    # over de) uitvoering van wettelijke taken en gezamenlijke opgaven"; 001:41-43 "BIJ12 ...
    # ondersteunt de provincies bij de uitvoering van gemeenschappelike opgaven"
    support = IPOD["concept-bij12-ondersteuning-uitvoering"]
    lines = {
        (str(kg.graph.value(e, PROV.wasQuotedFrom)), int(kg.graph.value(e, IPO.line)))  # type: ignore[arg-type]
        for e in kg.graph.objects(support, IPO.evidence)
    }
    assert lines == {(str(IPOD["source-000"]), 43), (str(IPOD["source-001"]), 41)}
