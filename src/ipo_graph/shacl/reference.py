"""pyshacl, the reference SHACL engine: what the compiled checks are measured against
and what runs the shapes the compiler leaves out. Imported only when a validation runs,
because importing pyshacl is slow.
"""

from __future__ import annotations

from rdflib import Graph

from ..errors import EngineError


def run_shacl(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """pyshacl over an already prepared data graph; the data graph is not copied."""
    from pyshacl import validate as shacl_validate
    from pyshacl.errors import ReportableRuntimeError

    try:
        conforms, report, _text = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            inplace=True,
            abort_on_first=False,
            allow_warnings=False,
            meta_shacl=False,
            do_owl_imports=False,
        )
    except ReportableRuntimeError as exc:  # data it cannot judge: see EngineError
        reason = str(exc.message).rstrip(".")
        raise EngineError(f"pyshacl, the reference engine, stopped: {reason}") from None
    if not isinstance(report, Graph):  # pyshacl returns its exception for a broken shapes graph
        raise EngineError(f"the shapes could not be applied: {report}")
    return bool(conforms), report
