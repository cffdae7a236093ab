"""A command stuck in a native call while it writes a file (run by tests/test_interrupt.py).

Usage: ``python interrupt_child.py TARGET QUERY.rq``. It opens an atomic write of TARGET
and writes half of it, makes a folder beside it as a cache entry being built does
(``.build-…``, registered the same way), says ``ready`` on stdout and then evaluates the
query in Oxigraph, which does not return: only the watchdog can end the process.
"""

import sys
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, Store

from ipo_graph.atomic import atomic_open
from ipo_graph.interrupt import Interruptible, temporary

target, query = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8")
store = Store()
p = NamedNode("https://example.org/p")
store.extend(Quad(NamedNode(f"https://example.org/s{i}"), p, Literal(i)) for i in range(3000))
building = target.parent / ".build-entry"
(building / "db").mkdir(parents=True)
(building / "db" / "CURRENT").write_text("half of a database", encoding="utf-8")
with Interruptible(), temporary(building), atomic_open(target) as handle:
    handle.write("half of a new file")
    handle.flush()
    print("ready", flush=True)
    for _ in store.query(query):
        pass
