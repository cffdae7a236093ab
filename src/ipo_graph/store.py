"""The fast engine: an Oxigraph store of the graph, cached on disk by file contents.

rdflib is the reference (pyshacl and the exporters need it) but parsing with it is slow.
Queries run on a pyoxigraph store instead: Oxigraph parses the files (far faster), the
RDFS entailments are added with one SPARQL update (``sparql/rdfs-entailment.ru``, the
file :func:`ipo_graph.inference.materialise` applies to rdflib graphs), and the store is
kept on disk under a key made of the package version and the SHA-256 of every file's
bytes. A later run with the same files opens that store read-only in milliseconds; any
change to any file gives a new key, so a cached store is never stale. The store is built
from the very bytes that were hashed, so a file edited during a build cannot slip in
under the old key.

The cache lives in ``$IPO_GRAPH_CACHE``, else ``$XDG_CACHE_HOME/ipo-graph``, else
``~/.cache/ipo-graph``. It is only an accelerator: when it cannot be written the store is
built in memory instead.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import __version__
from .errors import ParseError
from .interrupt import temporary
from .paths import sparql_file
from .strict import (
    decode,
    format_name,
    may_hold_rdf12,
    may_hold_version,
    refused,
    version_error,
)

if TYPE_CHECKING:
    from pyoxigraph import RdfFormat, Store
    from rdflib import Graph

    from .history.timeline import Timeline
    from .progress import Progress

#: Bump when the way a store is built changes, so older cached stores are not reused.
STORE_LAYOUT = "4"
#: What an entry knows about its files besides the store, written inside the database
#: folder (RocksDB leaves files it does not know alone), so one rename publishes both.
FACTS_FILE = "ipo-graph.json"
#: The time rule's outcome over the entry's store (:mod:`.history.timelinefile`), kept
#: the same way, so that ``why`` and ``changes`` need not run the rule again.
TIMELINE_FILE = "timeline.json"
#: How many cached stores to keep; older ones (by last use) are removed.
KEEP_ENTRIES = 8
_ENTAILMENT_UPDATE = sparql_file("rdfs-entailment.ru")
#: Variants of a store: the whole graph, or the public one (personal data removed).
_VARIANT_UPDATES = {
    "": None,
    "public": sparql_file("without-personal.ru"),
}


def variant_for(include_personal: bool) -> str:
    """The store variant an output gets (``serve``, ``publish``, ``export``): the public
    one, without personal data, unless personal data is asked for."""
    return "" if include_personal else "public"


@dataclass(frozen=True)
class SourceFile:
    """A file read once: its path, its base IRI and the exact bytes that were hashed."""

    path: Path
    data: bytes

    @property
    def base_iri(self) -> str:
        # The same base IRI rdflib gets in ipo_graph.load, so relative IRIs agree.
        return self.path.resolve().as_uri()


def cache_root() -> Path:
    """Where cached stores live (see the module docstring for the order of lookup)."""
    env = os.environ.get("IPO_GRAPH_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "ipo-graph"


def store_files(data: Sequence[str | Path] | None = None) -> list[Path]:
    """The files a query store holds: the shipped ontology plus ``data`` (default: shipped)."""
    from .load import default_files

    return default_files(data)


def read_files(files: Sequence[str | Path]) -> list[SourceFile]:
    """Read every file once; an unreadable file is a :class:`ParseError`, as in the loader."""
    out: list[SourceFile] = []
    for item in files:
        path = Path(item)
        try:
            out.append(SourceFile(path, path.read_bytes()))
        except OSError as exc:
            raise ParseError(str(path), None, f"cannot read file: {exc}") from None
    return out


#: The time rule's code and query, which decide the ipo:heldFrom & co. the store holds,
#: and the code that writes and reads its outcome (:data:`TIMELINE_FILE`).
_TIME_RULE = (
    Path(__file__).resolve().parent / "history" / "timeline.py",
    Path(__file__).resolve().parent / "history" / "timelinefile.py",
    sparql_file("timeline-facts.rq"),
)


#: Where each file suffix's format is decided (``strict.SUFFIX_FORMATS``).
_FORMATS_CODE = Path(__file__).resolve().parent / "strict.py"


def _code_digest() -> bytes:
    """The bytes that decide how a store is built: this module, the formats files are
    parsed in, the entailment rules and the time rule."""
    h = hashlib.sha256()
    parts = (
        Path(__file__),
        _FORMATS_CODE,
        _ENTAILMENT_UPDATE,
        *_TIME_RULE,
        *_VARIANT_UPDATES.values(),
    )
    for part in filter(None, parts):
        h.update(part.read_bytes())
    return h.digest()


def cache_key(sources: Sequence[SourceFile], variant: str = "") -> str:
    """A digest of everything that decides the store's contents.

    The store layout, the package and pyoxigraph versions (a new version may build
    differently), the code that builds the store and the entailment rules it applies
    (editing either gives a new key, even without a version bump), and for each file its
    base IRI (relative IRIs resolve against it) and the SHA-256 of its bytes.
    """
    import pyoxigraph

    h = hashlib.sha256()
    for part in (STORE_LAYOUT, __version__, pyoxigraph.__version__, variant):
        h.update(part.encode() + b"\0")
    h.update(_code_digest())
    for src in sources:
        h.update(src.base_iri.encode() + b"\0")
        h.update(hashlib.sha256(src.data).digest())
    return h.hexdigest()


def _format(path: Path) -> RdfFormat:
    from pyoxigraph import RdfFormat

    fmt: RdfFormat = getattr(RdfFormat, format_name(path))
    return fmt


def load_source(store: Store, src: SourceFile) -> None:
    """``src`` parsed into the default graph of ``store``. The graph is one graph: the
    named graphs of a TriG or N-Quads file are merged into it, as the rdflib loader reads
    them, or the queries and the compiled checks (which read the default graph) would not
    see those triples at all, and bad data in them would pass validation.

    A byte-order mark (some Windows editors write one) is dropped, as the loader drops it
    (:func:`ipo_graph.strict.decode`): Oxigraph calls it an invalid subject at 1:1, so a
    file validate passed was refused by every command that reads the store. A quoted
    triple (RDF 1.2 triple term) or a base direction is a :class:`ParseError`, as in the
    loader (:func:`ipo_graph.strict.rdf12_error`), looked for only in the files that hold
    a mark one is written with."""
    fmt = _format(src.path)
    data = src.data.removeprefix(b"\xef\xbb\xbf")
    rdf12 = may_hold_rdf12(data)
    if fmt.supports_datasets or rdf12:
        from pyoxigraph import Quad, RdfFormat, parse

        quads: Iterable[Quad] = parse(
            data, format=fmt, base_iri=src.base_iri, rename_blank_nodes=True
        )
        jsonld = fmt == RdfFormat.JSON_LD
        if rdf12 or jsonld:  # refused as the loader refuses them
            quads = list(quads)
            text = partial(decode, src.path, data)
            if problem := refused(
                src.path, data, quads, jsonld=jsonld, base_iri=src.base_iri, text=text
            ):
                raise problem
        store.extend(Quad(q.subject, q.predicate, q.object) for q in quads)
    else:
        store.load(input=data, format=fmt, base_iri=src.base_iri)
    if may_hold_version(data) and (problem := version_error(src.path, decode(src.path, data))):
        raise problem  # after the syntax errors, as the loader (:func:`.strict.refused`)


def _syntax_error(src: SourceFile, exc: SyntaxError) -> ParseError:
    """Oxigraph's syntax error → ``file:line:column: reason`` with the line and a caret.
    A byte that is not UTF-8 is named as validate names it: Oxigraph says only 'Invalid
    UTF-8 character encoding', neither the byte nor what to do."""
    from .strict import decode, syntax_error

    try:
        text = decode(src.path, src.data)
    except ParseError as bad_byte:
        return bad_byte
    return syntax_error(src.path, text, exc)


def fill_store(
    store: Store, sources: Sequence[SourceFile], *, progress: Progress | None = None
) -> int:
    """Parse ``sources`` into the default graph of ``store`` and add the RDFS entailments
    (the time rule comes after, in :func:`_memory_store`); how many triples the files state.

    Meant for an in-memory store: ``load`` there is faster than ``bulk_load`` (the figures:
    docs/performance.md), and a failed file leaves nothing worth keeping anyway.
    """
    _parse_into(store, sources)
    stated = len(store)
    if progress:
        progress(f"parsed {len(sources)} files: {stated} triples")
    store.update(_ENTAILMENT_UPDATE.read_text(encoding="utf-8"))
    if progress:
        progress(f"entailments added: {len(store)} triples")
    return stated


def _parse_into(store: Store, sources: Sequence[SourceFile]) -> None:
    """Strictly, as validate parses: Oxigraph's lenient mode took an IRI with a space, a
    relative datatype or a malformed language tag that validate refuses, so stats and
    query answered on it, and why and export crashed turning it into an rdflib term. It
    saved about 5 % of a build (1.6 s of 1.7 s at scale 100)."""
    for src in sources:
        try:
            load_source(store, src)
        except SyntaxError as exc:
            raise _syntax_error(src, exc) from None


def asserted_count(files: Sequence[str | Path]) -> int:
    """How many triples ``files`` state, before any rule: what a store of them holds after
    parsing (``stats`` counts the rest of a cached store as entailed)."""
    from pyoxigraph import Store as OxStore

    store = OxStore()
    _parse_into(store, read_files(files))
    return len(store)


def build_store(files: Sequence[str | Path]) -> Store:
    """An in-memory store of ``files`` with entailments and the time rule (no cache)."""
    return _memory_store(read_files(files)).store


def open_counted(files: Sequence[str | Path]) -> tuple[Store, int]:
    """:func:`open_store`, and how many triples the files state (:func:`asserted_count`).

    A build counts them as it parses and the cache entry keeps the count
    (:data:`FACTS_FILE`), so ``stats`` need not parse the files again to tell the stated
    triples from the entailed ones; an entry without it (removed by hand) is counted anew.
    """
    opened = _open_sources(read_files(files))
    stated = opened.stated
    if stated is None and opened.entry is not None:
        stated = _stated_in(opened.entry)
    return opened.store, stated if stated is not None else asserted_count(files)


def open_store(
    files: Sequence[str | Path],
    *,
    use_cache: bool = True,
    wait_for_write: bool = False,
    variant: str = "",
    defer_time_rule: bool | Callable[[], bool] = False,
    progress: Progress | None = None,
) -> Store:
    """The store of ``files`` with RDFS entailments: from the cache when it is current.

    A cache hit opens the stored database read-only. On a miss, under a lock per key (so
    processes starting together on an empty cache build it once; the others wait and
    then open it), the store is built in memory and returned at once; when the process
    ends (or at :func:`wait_for_cache_writes`) it is written to a temporary folder beside
    the cache entry and renamed into place, so the answer does not wait for the disk and
    a reader never sees half a store (``wait_for_write`` writes it before returning).
    ``variant`` ``"public"`` is the store without personal data.

    ``defer_time_rule`` (or a function saying so, asked only when a store is built): the
    caller's queries read nothing the time rule adds
    (:func:`ipo_graph.history.timeuse.reads_time_rule`), so a store built now may leave
    the rule out until it is written to the cache. A store from the cache has it anyway.
    ``progress`` hears of each stage of a build and of the cache write.
    """
    return _open_sources(
        read_files(files),
        use_cache=use_cache,
        wait_for_write=wait_for_write,
        variant=variant,
        defer_time_rule=defer_time_rule,
        progress=progress,
    ).store


class Opened(NamedTuple):
    """A store as :func:`open_entry` found or built it."""

    store: Store
    #: the cache entry (None without cache)
    entry: Path | None
    #: how many triples the files state, when counted by this build (None: opened from
    #: the cache, whose entry keeps the count for :func:`open_counted` to read)
    stated: int | None
    #: the time rule's outcome, when this build ran the rule (None: opened from the
    #: cache, or the rule was left for the cache write)
    timeline: Timeline | None = None

    def kept_timeline(self) -> Timeline | None:
        """The time rule's outcome over ``store`` without running the rule: this build's,
        or the one the entry keeps (:data:`TIMELINE_FILE`); None when neither is at hand."""
        if self.timeline is not None:
            return self.timeline
        if self.entry is None:
            return None
        from .history.timelinefile import read

        # an entry still to be written has no file yet either (it is renamed in whole)
        return read(self.entry / TIMELINE_FILE)


def open_entry(files: Sequence[str | Path]) -> Opened:
    """:func:`open_store` with what else the build or the cache entry knows."""
    return _open_sources(read_files(files))


def _open_sources(
    sources: Sequence[SourceFile],
    *,
    use_cache: bool = True,
    wait_for_write: bool = False,
    variant: str = "",
    defer_time_rule: bool | Callable[[], bool] = False,
    progress: Progress | None = None,
) -> Opened:
    """:func:`open_store` on files already read, with the cache entry and the count of the
    triples the files state. ``progress`` hears of each stage of a build (nothing on a
    cache hit)."""

    def defer() -> bool:
        return defer_time_rule() if callable(defer_time_rule) else defer_time_rule

    if not use_cache:
        return _memory_store(sources, variant, time_rule=not defer(), progress=progress)
    root = cache_root()
    key = cache_key(sources, variant)
    entry = root / key
    if any(pending.entry == entry for pending in _PENDING):
        wait_for_cache_writes()  # this process holds the lock: write now, then open
    if (entry / "CURRENT").is_file() and (opened := _open_entry(entry)) is not None:
        return opened
    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = _lock(root / f".lock-{key[:32]}")
    except OSError as exc:
        print(f"ipo-graph: cache not usable ({exc}); building the store in memory", file=sys.stderr)
        return _memory_store(sources, variant, time_rule=not defer(), progress=progress)
    # built by another process while we waited, or still one that cannot be opened
    if (entry / "CURRENT").is_file() and (opened := _open_entry(entry, locked=True)) is not None:
        os.close(lock)
        return opened
    try:
        # A store written now gets the time rule while it is written (the two overlap).
        deferred = wait_for_write or defer()
        built = _memory_store(sources, variant, time_rule=not deferred, progress=progress)
    except BaseException:
        os.close(lock)
        raise
    write = _Write(root, entry, built, lock, variant == "", progress)
    if wait_for_write:
        write.run()
    else:
        _PENDING.append(write)
        if len(_PENDING) == 1:
            atexit.register(wait_for_cache_writes)
    return built._replace(entry=entry)


@dataclass
class _Write:
    """A cache entry to write from an in-memory store, holding the key's ``lock``."""

    root: Path
    entry: Path
    #: the store in memory, the count of stated triples and the time rule's outcome, all
    #: kept with the entry; no outcome: the rule was left out of the store until now
    built: Opened
    lock: int
    #: with the time rule's outcome (only the whole graph's entry: ``IpoGraph.open``)
    keep_timeline: bool = True
    progress: Progress | None = None

    def run(self) -> None:
        """Write the entry (adding the time rule first when it was left out), then release
        the lock; failures only warn."""
        if self.progress:
            rule = "adding the time rule and " if self.built.timeline is None else ""
            self.progress(f"{rule}writing the store to the cache for the next run")
        try:
            _build_entry(self.root, self.entry, self.built, self.keep_timeline)
            with open(self.root / "builds.log", "a", encoding="utf-8") as log:
                log.write(f"{self.entry.name} {os.getpid()} {time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
        except OSError as exc:
            print(f"ipo-graph: could not write the cache ({exc})", file=sys.stderr)
            return
        finally:
            os.close(self.lock)
        if self.progress:
            self.progress(f"store cached: {len(self.built.store)} quads")


#: Stores answered from memory whose cache entry is written when the process ends.
_PENDING: list[_Write] = []


def wait_for_cache_writes() -> None:
    """Write every cache entry this process still owes (at exit, after the answer).

    The write is left to the end on purpose: run beside the query it competes for the
    interpreter (pyoxigraph hands each quad to Python) and delays the answer.
    """
    with contextlib.suppress(Exception):
        sys.stdout.flush()  # the answer first, then the disk
    while _PENDING:
        _PENDING.pop(0).run()


def drop_cache_writes() -> None:
    """Forget the cache entries this process still owes (the command was stopped) and
    release their locks, which another command of this process (a program calling
    ``cli.main`` again) or another process would otherwise wait on for ever."""
    while _PENDING:
        os.close(_PENDING.pop().lock)


def _lock(path: Path) -> int:
    """An exclusive lock on ``path`` (blocks until free); released by closing the fd."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        os.close(fd)
        raise
    return fd


def _memory_store(
    sources: Sequence[SourceFile],
    variant: str = "",
    *,
    time_rule: bool = True,
    progress: Progress | None = None,
) -> Opened:
    """The store of ``sources`` in memory, how many triples the files state and (with
    ``time_rule``) the rule's outcome; no entry yet."""
    from pyoxigraph import Store

    if variant not in _VARIANT_UPDATES:
        raise ValueError(f"unknown store variant {variant!r}")
    store = Store()
    stated = fill_store(store, sources, progress=progress)
    update = _VARIANT_UPDATES[variant]
    if update is not None:
        # Before the time rule, so that the rule can be left to the cache write: the two
        # commute, as the variants remove nothing the rule reads or adds (tested).
        store.update(update.read_text(encoding="utf-8"))
        if progress:
            progress(f"{variant} variant: {len(store)} triples")
    timeline = None
    if time_rule:
        from .history.timeline import materialise_time_store

        timeline = materialise_time_store(store)
    return Opened(store, None, stated, timeline)


def cached_location(
    files: Sequence[str | Path], variant: str = "", progress: Progress | None = None
) -> tuple[Path, int] | None:
    """The on-disk cache entry of ``files`` (built now if needed) and its size in quads.

    For a server that opens the database itself (``oxigraph serve-read-only``); None when
    the cache cannot be written, so the caller builds a private copy instead.
    """
    store, entry, *_ = _open_sources(
        read_files(files), wait_for_write=True, variant=variant, progress=progress
    )
    return (entry, len(store)) if entry is not None and (entry / "CURRENT").is_file() else None


def _open_entry(entry: Path, *, locked: bool = False) -> Opened | None:
    """The store cached at ``entry``; None when it cannot be opened (a corrupt database,
    say), which is only a cache miss: the cache is an accelerator, and a bad entry used to
    stop every query. ``locked``: the caller holds the key's lock, so no process writes the
    entry meanwhile, and a bad one is removed, with a warning, for the build that follows
    to replace."""
    from pyoxigraph import Store

    with contextlib.suppress(OSError):
        os.utime(entry)  # remembers the last use, for pruning
    try:
        return Opened(Store.read_only(str(entry)), entry, None)
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        if locked:
            reason = (str(exc).strip() or type(exc).__name__).splitlines()[0]
            print(
                f"ipo-graph: the cached store {entry} cannot be opened ({reason}); "
                "building it again",
                file=sys.stderr,
            )
            shutil.rmtree(entry, ignore_errors=True)
        return None


def _stated_in(entry: Path) -> int | None:
    """The count of stated triples an entry keeps; None if it keeps none (or a bad one)."""
    try:
        stated = json.loads((entry / FACTS_FILE).read_text(encoding="utf-8"))["stated"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return stated if isinstance(stated, int) and not isinstance(stated, bool) else None


def _build_entry(root: Path, entry: Path, built: Opened, keep_timeline: bool = True) -> None:
    """Write ``built`` as the cache entry ``entry``; ``keep_timeline``: with the time
    rule's outcome (:data:`TIMELINE_FILE`), for the variant whose graph ``why`` and
    ``changes`` read (writing it out costs about 0.15 s at scale 100)."""
    from pyoxigraph import Store

    from .history.timelinefile import dumps

    tmp = Path(tempfile.mkdtemp(prefix=f".build-{entry.name[:16]}-", dir=root))
    with temporary(tmp):  # removed as well if the process is ended at once (interrupt.py)
        try:
            # Parse and infer in memory, then write the finished quads in one bulk pass: far
            # faster and smaller on disk than bulk-loading the files and running the update on
            # the on-disk database (the figures: docs/performance.md).
            store = Store(str(tmp / "db"))
            timeline = built.timeline
            if timeline is None:
                timeline = _bulk_write_beside_time_rule(built.store, store, tmp / "store.nq")
            else:
                store.bulk_extend(built.store)
            store.flush()
            del store  # closes the database before it moves
            db = tmp / "db"
            (db / FACTS_FILE).write_text(json.dumps({"stated": built.stated}), encoding="utf-8")
            if keep_timeline:
                (db / TIMELINE_FILE).write_bytes(dumps(timeline))
            try:
                os.rename(tmp / "db", entry)
            except OSError:
                if not (entry / "CURRENT").is_file():
                    raise
                # another process finished the same store first; use theirs
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    prune(root)


def _bulk_write_beside_time_rule(memory: Store, disk: Store, dump: Path) -> Timeline:
    """Write ``memory`` to ``disk`` and add the time rule's quads to both; returns the
    rule's outcome.

    The bulk write (an N-Quads dump and ``bulk_load``, both in Rust without the GIL) runs
    in a second thread while this one computes the rule, which only reads ``memory``; the
    rule's quads go into both stores afterwards. On two cores the write no longer waits
    for the rule (figures: docs/performance.md)."""
    import threading

    from pyoxigraph import RdfFormat

    from .history.timeline import Timeline, time_rule_quads

    failed: list[BaseException] = []

    def write() -> None:
        try:
            memory.dump(output=str(dump), format=RdfFormat.N_QUADS)
            disk.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
        except BaseException as exc:  # handed to the caller below
            failed.append(exc)

    writer = threading.Thread(target=write, name="ipo-graph-cache-write")
    writer.start()
    try:
        timeline = Timeline.of_store(memory)
        quads = time_rule_quads(timeline)
    finally:
        writer.join()
    if failed:
        raise failed[0]
    memory.extend(quads)
    disk.extend(quads)
    return timeline


def prune(root: Path | None = None, keep: int = KEEP_ENTRIES) -> list[Path]:
    """Remove all but the ``keep`` most recently used stores and stale build folders."""
    root = root or cache_root()
    if not root.is_dir():
        return []
    removed: list[Path] = []
    entries: list[tuple[float, Path]] = []
    now = time.time()
    for child in root.iterdir():
        try:
            mtime = child.stat().st_mtime
        except OSError:
            continue
        if child.name.startswith(".build-"):
            if now - mtime > 3600:  # a build that died an hour ago
                shutil.rmtree(child, ignore_errors=True)
                removed.append(child)
        elif child.is_dir() and len(child.name) == 64:
            entries.append((mtime, child))
    entries.sort(reverse=True)
    for _, child in entries[keep:]:
        shutil.rmtree(child, ignore_errors=True)
        removed.append(child)
    return removed


def clear_cache(root: Path | None = None) -> None:
    """Remove every cached store."""
    shutil.rmtree(root or cache_root(), ignore_errors=True)


def store_of_graph(graph: Graph) -> Store:
    """An in-memory store holding exactly ``graph`` (nothing added): the one copy from rdflib
    to Oxigraph, for queries on a graph (an as-of view, ``--engine``) and for the SPARQL of
    the pyshacl reference. Blank nodes keep their identifiers, so bindings still match."""
    from pyoxigraph import Quad
    from pyoxigraph import Store as OxStore

    from .oxterms import to_oxigraph

    store = OxStore()
    store.bulk_extend([Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph])
    return store


def database_of_graph(graph: Graph, folder: Path, binary: str) -> Path:
    """An on-disk Oxigraph database of ``graph`` in ``folder``, loaded by ``binary`` (the
    ``oxigraph`` program that will serve it, so the on-disk format always matches)."""
    import subprocess

    from .errors import DataProblem

    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / "graph.nt"
    dump.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    location = folder / "db"
    done = subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(dump)],
        capture_output=True,
        text=True,
        check=False,
    )
    dump.unlink()
    if done.returncode != 0:
        raise DataProblem(f"Oxigraph could not load the graph: {done.stderr.strip()[-500:]}")
    return location
