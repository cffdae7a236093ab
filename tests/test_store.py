"""The Oxigraph store: same triples as rdflib + materialise, and a cache that is never stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from ipo_graph import store as st
from ipo_graph.api import IpoGraph
from ipo_graph.errors import ParseError
from ipo_graph.load import default_files, load_files
from support import cache_entries, canonical_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "store"
EX = "https://example.org/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def as_rdflib(store: ox.Store) -> Graph:
    """The store's default graph as an rdflib graph, literals in canonical form."""
    data = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in store),
        format=ox.RdfFormat.N_TRIPLES,
    )
    return canonical_graph(Graph().parse(data=data, format="nt"))


def rdflib_reference(files: list[Path]) -> Graph:
    """The rdflib path: RDFS entailments, then the time rule's bounds (IpoGraph.entail)."""
    kg = IpoGraph(loaded=load_files(files))
    kg.entail()
    return canonical_graph(kg.graph)


def test_shipped_store_has_exactly_the_triples_of_rdflib_and_the_rules(kg: IpoGraph) -> None:
    built = as_rdflib(st.build_store(st.store_files()))
    reference = canonical_graph(kg.graph)
    assert len(built) == len(reference)
    assert isomorphic(built, reference)


def test_entailment_rules_match_the_rdflib_materialiser_on_a_fixture() -> None:
    files = [FIXTURES / "entailment.ttl"]
    built = as_rdflib(st.build_store(files))
    reference = rdflib_reference(files)
    assert to_isomorphic(built) == to_isomorphic(reference)
    # and the rules really fired: read off the fixture by hand
    ann, board = URIRef(EX + "ann"), URIRef(EX + "board")
    rdf_type = URIRef(RDF_TYPE)
    assert (ann, URIRef(EX + "worksWith"), board) in built  # sub-property chain
    for cls in ("Leader", "Person", "Agent"):  # domain of a super-property, then super-classes
        assert (ann, rdf_type, URIRef(EX + cls)) in built
    for cls in ("Team", "Group", "Agent"):  # range, sub-class cycle, range of a super-property
        assert (board, rdf_type, URIRef(EX + cls)) in built
    assert not any(built.triples((Literal("together"), None, None)))  # literals get no type


def test_synthetic_data_store_matches_rdflib(tmp_path: Path) -> None:
    from ipo_graph.synth import write

    write(1, tmp_path / "synth")
    files = default_files([tmp_path / "synth"])
    built = as_rdflib(st.build_store(files))
    assert isomorphic(built, rdflib_reference(files))


def test_second_open_is_a_cache_hit_with_the_same_contents(cache: Path) -> None:
    files = st.store_files()
    first = st.open_store(files)
    st.wait_for_cache_writes()
    assert len(cache_entries(cache)) == 1
    stamp = cache_entries(cache)[0].stat().st_mtime_ns
    n = len(first)
    del first
    second = st.open_store(files)
    assert len(cache_entries(cache)) == 1
    assert len(second) == n
    assert cache_entries(cache)[0].stat().st_mtime_ns >= stamp  # reused, not rebuilt elsewhere
    ask = second.query('ASK { ?p <http://xmlns.com/foaf/0.1/name> "Theo Bovens" }')
    assert bool(ask)


def test_a_changed_file_gives_a_new_store_never_a_stale_one(tmp_path: Path, cache: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n", encoding="utf-8")
    before = st.open_store([data])
    assert bool(before.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}"))
    del before
    data.write_text(f"<{EX}a> <{EX}p> <{EX}c> .\n", encoding="utf-8")
    after = st.open_store([data])
    st.wait_for_cache_writes()
    assert not bool(after.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}b> }}"))
    assert bool(after.query(f"ASK {{ <{EX}a> <{EX}p> <{EX}c> }}"))
    assert len(cache_entries(cache)) == 2


def test_the_key_follows_content_not_timestamps(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n", encoding="utf-8")
    key = st.cache_key(st.read_files([data]))
    data.touch()
    assert st.cache_key(st.read_files([data])) == key
    data.write_text(f"<{EX}a> <{EX}p> <{EX}b> . \n", encoding="utf-8")  # one byte more
    assert st.cache_key(st.read_files([data])) != key


def test_cache_location_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IPO_GRAPH_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert st.cache_root() == Path("/somewhere/ipo-graph")
    monkeypatch.setenv("IPO_GRAPH_CACHE", "/elsewhere")
    assert st.cache_root() == Path("/elsewhere")


def test_unwritable_cache_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("IPO_GRAPH_CACHE", str(blocker / "cache"))
    store = st.open_store([FIXTURES / "entailment.ttl"])
    assert bool(store.query(f"ASK {{ <{EX}ann> a <{EX}Agent> }}"))
    assert "cache not usable" in capsys.readouterr().err


def test_syntax_error_names_file_and_line(cache: Path) -> None:
    with pytest.raises(ParseError) as info:
        st.open_store([FIXTURES / "broken.ttl"])
    assert info.value.path.endswith("broken.ttl")
    assert info.value.line == 4
    assert cache_entries(cache) == []  # a failed build leaves nothing behind
    assert not any(p.name.startswith(".build-") for p in cache.iterdir())


def test_prune_keeps_the_most_recently_used(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    for i in range(5):
        entry = root / (f"{i}" * 64)
        entry.mkdir(parents=True)
        (entry / "CURRENT").write_text("", encoding="utf-8")
        stamp = 1_000_000 + i
        os.utime(entry, (stamp, stamp))
    removed = st.prune(root, keep=2)
    assert sorted(p.name[0] for p in removed) == ["0", "1", "2"]
    assert sorted(p.name[0] for p in cache_entries(root)) == ["3", "4"]


def test_query_command_answers_from_the_cache(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipo_graph.cli import main

    assert main(["query", "members-of-ipo"]) == 0
    first = capsys.readouterr().out
    st.wait_for_cache_writes()
    assert len(cache_entries(cache)) == 1
    assert main(["query", "members-of-ipo"]) == 0
    assert capsys.readouterr().out == first
    for province in ("Groningen", "Fryslân", "Limburg"):
        assert province in first


# --- the key covers every input; concurrent builders build once ---------------------------


def _one_file(tmp_path: Path) -> list[st.SourceFile]:
    data = tmp_path / "data.ttl"
    data.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n", encoding="utf-8")
    return st.read_files([data])


def test_the_key_covers_the_entailment_rules_the_layout_and_the_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyoxigraph

    sources = _one_file(tmp_path)
    key = st.cache_key(sources)
    rules = tmp_path / "rules.ru"
    rules.write_text(st._ENTAILMENT_UPDATE.read_text(encoding="utf-8") + "\n# edited\n")
    with monkeypatch.context() as m:
        m.setattr(st, "_ENTAILMENT_UPDATE", rules)
        assert st.cache_key(sources) != key
    with monkeypatch.context() as m:
        m.setattr(st, "STORE_LAYOUT", st.STORE_LAYOUT + "x")
        assert st.cache_key(sources) != key
    with monkeypatch.context() as m:
        m.setattr(pyoxigraph, "__version__", "0.0.0")
        assert st.cache_key(sources) != key
    with monkeypatch.context() as m:
        m.setattr(st, "__version__", "0.0.0")
        assert st.cache_key(sources) != key
    assert st.cache_key(sources) == key


def test_the_key_covers_the_store_building_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _one_file(tmp_path)
    key = st.cache_key(sources)
    code = tmp_path / "store.py"
    code.write_bytes(Path(st.__file__).read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(st, "__file__", str(code))
    assert st.cache_key(sources) != key


def test_the_key_covers_the_formats_files_are_parsed_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The suffix → format map moved from store.py to strict.py, which the key must then
    cover: reading .rdf files in another format builds another store."""
    sources = _one_file(tmp_path)
    key = st.cache_key(sources)
    code = tmp_path / "strict.py"
    code.write_bytes(st._FORMATS_CODE.read_bytes().replace(b'"RDF_XML"', b'"TURTLE"'))
    monkeypatch.setattr(st, "_FORMATS_CODE", code)
    assert st.cache_key(sources) != key


def test_the_key_covers_the_time_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the store holds the time rule's ipo:heldFrom & co., so editing the rule's
    code or query must not serve a store built by the old rule."""
    sources = _one_file(tmp_path)
    key = st.cache_key(sources)
    for i, original in enumerate(st._TIME_RULE):
        edited = tmp_path / f"edited-{i}{original.suffix}"
        edited.write_bytes(original.read_bytes() + b"\n# edited\n")
        rule = list(st._TIME_RULE)
        rule[i] = edited
        with monkeypatch.context() as m:
            m.setattr(st, "_TIME_RULE", tuple(rule))
            assert st.cache_key(sources) != key
    assert st.cache_key(sources) == key


def test_a_cold_open_answers_from_memory_and_writes_the_cache_after(cache: Path) -> None:
    store = st.open_store([FIXTURES / "entailment.ttl"])
    assert bool(store.query(f"ASK {{ <{EX}ann> a <{EX}Agent> }}"))  # answered now
    st.wait_for_cache_writes()
    (entry,) = cache_entries(cache)
    again = st.open_store([FIXTURES / "entailment.ttl"])
    assert len(again) == len(store)
    assert (cache / "builds.log").read_text(encoding="utf-8").split()[0] == entry.name


def test_concurrent_processes_on_an_empty_cache_build_once(cache: Path) -> None:
    import subprocess
    import sys

    script = (
        "from ipo_graph import store as st\n"
        "s = st.open_store(st.store_files())\n"
        "ask = 'ASK { ?p <http://xmlns.com/foaf/0.1/name> \"Theo Bovens\" }'\n"
        "print(len(s), bool(s.query(ask)))\n"
    )
    env = {**os.environ, "IPO_GRAPH_CACHE": str(cache)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=300)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len(set(outputs)) == 1 and outputs[0].endswith("True"), outputs
    assert len(cache_entries(cache)) == 1
    builds = (cache / "builds.log").read_text(encoding="utf-8").splitlines()
    assert len(builds) == 1, builds


def test_the_public_variant_is_the_graph_without_personal_data(kg: IpoGraph, cache: Path) -> None:
    from ipo_graph.privacy import without_personal_data

    public = as_rdflib(st.open_store(st.store_files(), variant="public"))
    reference = canonical_graph(without_personal_data(kg.graph))
    assert len(public) == len(reference)
    assert isomorphic(public, reference)
    st.wait_for_cache_writes()
    full = st.open_store(st.store_files())
    assert len(full) > len(public)  # its own cache entry: the variant is part of the key
    st.wait_for_cache_writes()
    assert len(cache_entries(cache)) == 2


def test_a_second_open_in_the_same_process_does_not_wait_for_itself(cache: Path) -> None:
    """Regression: the first open holds the key's lock until its write at exit."""
    first = st.open_store([FIXTURES / "entailment.ttl"])
    second = st.open_store([FIXTURES / "entailment.ttl"])  # writes the pending entry first
    assert len(second) == len(first)
    assert len(cache_entries(cache)) == 1


def test_the_privacy_rule_and_the_time_rule_commute(tmp_path: Path) -> None:
    """The public store applies the privacy rule before the time rule (so that the time
    rule can overlap the cache write): the other order gives the same store. On the
    vocabulary: no property the privacy rule removes is one the time rule reads or adds."""
    from ipo_graph.history.timeline import materialise_time_store
    from ipo_graph.history.timeuse import TIME_RULE_PROPERTIES
    from ipo_graph.namespaces import IPO, PREFIX_IRIS, RDFS
    from ipo_graph.paths import ontology_files, sparql_file
    from ipo_graph.privacy import personal_properties
    from ipo_graph.synth import write

    privacy = sparql_file("without-personal.ru").read_text(encoding="utf-8")
    write(1, tmp_path / "synth")
    shipped, synthetic = st.store_files(), default_files([tmp_path / "synth"])
    for files in (shipped, synthetic):
        sources = st.read_files(files)
        rule_first = ox.Store()
        st.fill_store(rule_first, sources)
        materialise_time_store(rule_first)  # the time rule, then the privacy rule
        rule_first.update(privacy)
        public = st._memory_store(sources, "public").store
        assert isomorphic(as_rdflib(public), as_rdflib(rule_first))
        if files is shipped:  # the shipped data has contact details to remove
            assert len(public) < len(st.build_store(files))

    ontology = load_files(ontology_files()).graph
    removable = set()
    for prop in personal_properties(ontology):
        removable |= set(ontology.transitive_objects(prop, RDFS.subPropertyOf))
    assert IPO.workEmail in removable
    facts = sparql_file("timeline-facts.rq").read_text(encoding="utf-8")
    for prop in removable | set(TIME_RULE_PROPERTIES):
        spellings = {f"<{prop}>"} | {
            f"{name}:{prop[len(iri) :]}"
            for name, iri in PREFIX_IRIS.items()
            if prop.startswith(iri)
        }
        assert not any(spelling in facts for spelling in spellings), prop


def test_a_store_written_at_once_holds_the_time_rule(cache: Path) -> None:
    """serve's path: the time rule runs beside the cache write and lands in both the
    store returned and the entry on disk."""
    files = st.store_files()
    found = st.cached_location(files, variant="public")
    assert found is not None
    entry, size = found
    on_disk = ox.Store.read_only(str(entry))
    memory = st._memory_store(st.read_files(files), "public").store
    assert len(on_disk) == size == len(memory)
    # the same graph, blank nodes included: a bulk load names them afresh, so a write
    # that split the dump into parts would make two nodes of one used in both
    assert any(isinstance(q.subject, ox.BlankNode) for q in memory)
    assert isomorphic(as_rdflib(on_disk), as_rdflib(memory))
    held = "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://w3id.org/ipo-graph/def#heldFrom> ?d }"
    assert int(next(iter(on_disk.query(held)))[0].value) > 100  # type: ignore[call-overload]


def test_a_build_reports_its_stages_and_a_cache_hit_reports_none(cache: Path) -> None:
    heard: list[str] = []
    files = st.store_files()
    found = st.cached_location(files, "public", progress=heard.append)
    assert found is not None
    stages = [message.split(":")[0] for message in heard]
    assert stages == [
        f"parsed {len(files)} files",
        "entailments added",
        "public variant",
        "adding the time rule and writing the store to the cache for the next run",
        "store cached",
    ]
    assert heard[-1].endswith(f": {found[1]} quads")
    heard.clear()
    assert st.cached_location(files, "public", progress=heard.append) == found
    assert heard == []


def test_a_query_answered_before_the_cache_write_reports_the_write_at_exit(cache: Path) -> None:
    heard: list[str] = []
    st.open_store(st.store_files(), defer_time_rule=True, progress=heard.append)
    assert [m.split(":")[0] for m in heard] == [
        f"parsed {len(st.store_files())} files",
        "entailments added",
    ]
    st.wait_for_cache_writes()  # what happens at exit, after the answer
    assert heard[2] == "adding the time rule and writing the store to the cache for the next run"
    assert heard[3].startswith("store cached: ") and len(heard) == 4


def test_progress_lines_only_for_a_person_waiting_on_a_large_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipo_graph import progress

    big = tmp_path / "big.ttl"
    big.write_bytes(b"#" * (progress.LONG_RUN_BYTES + 1))
    small = tmp_path / "small.ttl"
    small.write_bytes(b"#")
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert progress.long_run([big]) and not progress.long_run([small])
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert not progress.long_run([big])
    assert progress.printer(False) is None
    say = progress.printer(True)
    assert say is not None
    say("parsed 2 files")
    assert capsys.readouterr().err.endswith("s] parsed 2 files\n")


def test_an_entry_keeps_the_count_of_the_stated_triples(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stats tells stated from entailed triples by this count. A build counts them as it
    parses and the entry keeps the count, so a run from the cache does not parse every
    file again for it (about 1.5 s at synthetic scale 100); an entry without a usable
    count is counted anew rather than trusted."""
    files = st.store_files()
    expected = st.asserted_count(files)
    assert 0 < expected < len(st.build_store(files))
    store, stated = st.open_counted(files)  # a miss: counted while parsing
    assert stated == expected
    st.wait_for_cache_writes()
    (entry,) = cache_entries(cache)
    kept = json.loads((entry / st.FACTS_FILE).read_text(encoding="utf-8"))
    assert kept == {"stated": expected}

    def no_parse(_: object) -> int:
        raise AssertionError("the files were parsed again")

    with monkeypatch.context() as m:
        m.setattr(st, "asserted_count", no_parse)
        hit, stated = st.open_counted(files)
        assert (len(hit), stated) == (len(store), expected)
    for bad in ('{"stated": true}', '{"stated": "12"}', "{", "[]"):
        (entry / st.FACTS_FILE).write_text(bad, encoding="utf-8")
        assert st.open_counted(files)[1] == expected, bad
    (entry / st.FACTS_FILE).unlink()
    assert st.open_counted(files)[1] == expected


def test_a_command_run_in_process_writes_its_entry_and_frees_the_lock(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a store built by ``cli.main`` in a process that goes on (the test run
    itself) kept its key's lock until that process exited, so a server started later
    with the same cache waited for it for ever (every serve test timed out once export
    began to build the public store in-process)."""
    import fcntl

    from ipo_graph.cli import main

    assert main(["query", "members-of-ipo", "--format", "json"]) == 0
    (entry,) = cache_entries(cache)
    assert (entry / "CURRENT").is_file() and (entry / st.FACTS_FILE).is_file()
    for lock in cache.glob(".lock-*"):
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
        finally:
            os.close(fd)


def test_an_entry_that_cannot_be_opened_is_built_again(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: a corrupt entry stopped every query with "RuntimeError: Corruption:
    CURRENT file corrupted". It is a cache miss: one warning, the answer, a new entry."""
    from ipo_graph.cli import main

    assert main(["query", "members-of-ipo", "--format", "csv"]) == 0
    answer = capsys.readouterr().out
    (entry,) = cache_entries(cache)
    (entry / "CURRENT").write_text("XX\n", encoding="utf-8")
    assert main(["query", "members-of-ipo", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out == answer
    assert err.splitlines() == [
        f"ipo-graph: the cached store {entry} cannot be opened "
        "(Corruption: CURRENT file corrupted); building it again"
    ]
    assert main(["query", "members-of-ipo", "--format", "csv"]) == 0  # the new entry
    assert capsys.readouterr() == (answer, "")
    assert cache_entries(cache) == [entry]
