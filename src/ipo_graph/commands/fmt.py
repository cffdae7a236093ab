"""``ipo-graph fmt``: rewrite Turtle files in the canonical, diff-friendly layout."""

from __future__ import annotations

import argparse
import sys
from codecs import BOM_UTF8 as BOM
from pathlib import Path, PurePath


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "fmt",
        help="write Turtle files in canonical form (--check: only report which would change)",
        description=(
            "Canonical Turtle: used prefixes only (sorted), subjects sorted, 'a' then "
            "rdfs:label first, one predicate per line, objects sorted, blank nodes used once "
            "inlined, comments kept; every rewrite is checked to be the same graph. "
            "Default: every Turtle file under ontology/ and data/ (the files validate reads)."
        ),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="Turtle file or folder")
    p.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the files that are not canonical and exit 1 if any",
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="change nothing; print what would change as a unified diff (git apply takes "
        "it) and exit 1 if anything would",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..atomic import atomic_write_text
    from ..canonical import reformatted, turtle_files
    from ..paths import display_path
    from ..strict import decode, read_bytes

    files = turtle_files(args.paths or None)
    # each file read once: the copied-block check, the formatter and --diff read the same
    # text (a byte-order mark dropped alike, and noted: the canonical form has none)
    texts: dict[Path, str] = {}
    marked: set[Path] = set()
    for path in files:
        data = read_bytes(path)
        texts[path] = decode(path, data)
        if data.startswith(BOM):
            marked.add(path)
    _refuse_repeated_subjects(texts)
    # every file is parsed and proven first: one that fails means nothing is written at all
    new_texts = {
        path: new
        for path, text in texts.items()
        if (new := reformatted(path, text, bom=path in marked)) is not None
    }
    changed: list[Path] = list(new_texts)
    check = args.check or args.diff
    if not check:
        for path, text in new_texts.items():
            atomic_write_text(path, text)
    if check:
        for path in changed:
            if args.diff:
                old = "\ufeff" * (path in marked) + texts[path]  # the file as it is
                sys.stdout.writelines(_diff(path, old, new_texts[path]))
            else:
                print(f"would reformat {display_path(path)}")
        if changed:
            print(
                f"{len(changed)} of {len(files)} files are not canonical; run: ipo-graph fmt",
                file=sys.stderr,
            )
            return 1
        print(f"{len(files)} file{'' if len(files) == 1 else 's'} already canonical")
        return 0
    for path in changed:
        print(f"reformatted {display_path(path)}")
    print(f"{len(changed)} of {len(files)} files reformatted")
    return 0


def _refuse_repeated_subjects(texts: dict[Path, str]) -> None:
    """A subject described in two blocks of one file is most often a copied block whose
    subject was not renamed (:mod:`ipo_graph.blocks`); the canonical layout would merge
    the two out of sight, and the commit hook runs fmt beside validate, so a re-staged
    file would then pass. Nothing is written while one file has such a subject."""
    from rdflib import URIRef

    from ..blocks import repeated_subjects
    from ..errors import UsageError
    from ..labels import short_name
    from ..paths import display_path

    found = [
        f"{display_path(path)}:{line}: {short_name(URIRef(iri))} is described a second "
        f"time (its first block is on line {lines[0]}); fmt would merge the blocks: give the "
        "copy its own IRI, or merge them by hand"
        for path, text in texts.items()
        for iri, lines in repeated_subjects(path, text)
        for line in lines[1:]
    ]
    if found:
        raise UsageError("\n".join(found))


def _diff(path: Path, old: str, new: str) -> list[str]:
    """``path``'s text ``old`` (byte-order mark included, so that the patch's first line
    matches the file's) against its canonical text ``new``, git's way (``a/`` and
    ``b/``), so that ``git apply`` or ``patch -p1`` makes the change."""
    import difflib

    from ..paths import display_path

    # a file outside the working folder is named by its absolute path: ``a//tmp/x.ttl``
    # is no header git applies, ``a/tmp/x.ttl`` is
    name = PurePath(display_path(path)).as_posix().lstrip("/")
    diff = difflib.unified_diff(
        _lines(old), _lines(new), _git_quoted(f"a/{name}"), _git_quoted(f"b/{name}")
    )
    return [
        line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in diff
    ]


def _lines(text: str) -> list[str]:
    """Lines split at LF only: a carriage return inside a string stays in its line."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


# git's C-style escapes for a file name in a patch header (quote.c, quote_c_style)
_C_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}
_C_ESCAPES |= {ord('"'): '\\"', ord("\\"): "\\\\"}


def _git_quoted(name: str) -> str:
    """``name`` as git writes it in a header: as it is, or, if it holds a quote, a
    backslash, a control or a non-ASCII character, in double quotes with C escapes (and
    octal bytes), which ``git apply`` reads back; unquoted, such a name is another file."""
    data = name.encode("utf-8", "surrogateescape")
    if all(0x20 <= b < 0x7F and b not in (0x22, 0x5C) for b in data):
        return name
    out = "".join(_C_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}") for b in data)
    return f'"{out}"'
