"""Ctrl-C and SIGTERM end a command promptly, also in the middle of a call into Oxigraph.

Python runs a signal handler only between two bytecodes of the main thread. A query or a
load in Oxigraph's Rust code holds the main thread for as long as it runs (a cross product
on the shipped data: hours), so neither Ctrl-C nor ``timeout`` could stop it: the handler
waited for the call to return. Here a watchdog thread hears each signal through
:func:`signal.set_wakeup_fd`. The handlers still do the orderly work (Ctrl-C raises
``KeyboardInterrupt``, SIGTERM :class:`Terminated`; exit 130 and 143, each atomic write
undone by its own ``except``). If the command has not ended :data:`GRACE` seconds after
the signal, the watchdog removes the temporary files and folders registered with
:func:`temporary` and ends the process with the same exit code, so that no half-written
file is left either way.

The watchdog is armed only while :class:`Interruptible` is entered, in the main thread:
a program that calls ``cli.main`` itself gets its handlers back, and is never ended,
once ``main`` returns. A signal ignored on purpose stays ignored. A command that sets
handlers of its own (``serve``) keeps them: the watchdog acts only on a signal whose
handler is still the one set here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import NoReturn

GRACE = 1.0
"""Seconds the orderly path gets before the process is ended without it. A handler runs
within milliseconds when the main thread runs Python; only a native call keeps it longer."""

_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_temporaries: dict[str, None] = {}  # in the order made; removed newest first


class Terminated(SystemExit):
    """SIGTERM, as an exception: the command unwinds as for any other error, exit 143."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(128 + signum)


@contextlib.contextmanager
def temporary(path: str | Path) -> Iterator[None]:
    """Register ``path`` (a file or a folder being written) for removal should the process
    be ended while it exists; the caller removes or renames it itself otherwise."""
    key = os.fspath(path)
    _temporaries[key] = None
    try:
        yield
    finally:
        _temporaries.pop(key, None)


class Interruptible:
    """Handlers for SIGINT and SIGTERM, and the watchdog that ends the process if they
    cannot run in time; everything put back on exit."""

    def __init__(self, grace: float = GRACE) -> None:
        self.grace = grace
        self.armed = False
        self.done = threading.Event()

    def __enter__(self) -> Interruptible:
        if threading.current_thread() is not threading.main_thread():
            return self  # only the main thread may set handlers; nothing to put back
        # A signal ignored on purpose (SIGINT of a job a script started in the background,
        # ``nohup``) stays ignored, as Python leaves it; any other handler is replaced
        # while ``main`` runs and put back after.
        self.previous = {
            signum: signal.signal(signum, self.handle)
            for signum in _SIGNALS
            if signal.getsignal(signum) is not signal.SIG_IGN
        }
        if not self.previous:
            return self
        self.read_end, self.write_end = os.pipe()
        os.set_blocking(self.write_end, False)  # set_wakeup_fd requires it
        self.previous_fd = signal.set_wakeup_fd(self.write_end, warn_on_full_buffer=False)
        self.watchdog = threading.Thread(
            target=self._watch, name="ipo-graph-interrupt", daemon=True
        )
        self.watchdog.start()
        self.armed = True
        return self

    def __exit__(self, *_: object) -> None:
        if not self.armed:
            return
        self.done.set()
        signal.set_wakeup_fd(self.previous_fd)
        os.close(self.write_end)  # the watchdog reads the end of the pipe and stops
        self.watchdog.join()
        os.close(self.read_end)
        for signum, previous in self.previous.items():
            signal.signal(signum, previous)
        self.armed = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated(signum)

    def _watch(self) -> None:
        while True:
            try:
                heard = os.read(self.read_end, 64)
            except OSError:
                return
            if not heard or self.done.is_set():
                return
            for signum in heard:
                ours = signum in self.previous and signal.getsignal(signum) == self.handle
                if ours and not self.done.wait(self.grace):
                    _end_now(signum)


def _end_now(signum: int) -> NoReturn:
    """Remove what is half written and end the process, as the orderly path would have."""
    for path in reversed(list(_temporaries)):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)
    os._exit(128 + signum)
