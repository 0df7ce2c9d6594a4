"""Ctrl-C and SIGTERM stop `kg` even when they arrive while Python runs a finaliser.

Python turns Ctrl-C into KeyboardInterrupt (and `kg` turns SIGTERM into SystemExit(143)), raised in whatever Python
code runs when the signal comes. When that code is a `__del__` method (redis-py runs one for every pipeline, so for
every batch the loader writes, and for every client it drops), the exception cannot leave it: Python prints
"Exception ignored in ..." and carries on, and an interrupted `kg ingest` loaded on to the end and exited 0.
The handlers here raise only outside finalisers: inside one, the signal is sent again a moment later.
"""
from __future__ import annotations

import signal
import threading
import time
from types import FrameType
from typing import Callable, Optional

TERMINATED = 143  # the exit code of SIGTERM (128 + 15), as a shell reports it
AGAIN_AFTER_S = 0.01


class Terminated(SystemExit):
    """SIGTERM (`docker stop`, systemd): unwinds like Ctrl-C, so the embedded server is released, then exit 143."""


def _in_a_finaliser(frame: Optional[FrameType]) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _send_again(signum: int) -> None:
    main = threading.main_thread().ident
    assert main is not None

    def later() -> None:
        time.sleep(AGAIN_AFTER_S)
        signal.pthread_kill(main, signum)

    threading.Thread(target=later, name="kg-signal-again", daemon=True).start()


def _handler(exception: Callable[[], BaseException]) -> Callable[[int, Optional[FrameType]], None]:
    def handle(signum: int, frame: Optional[FrameType]) -> None:
        if _in_a_finaliser(frame):
            _send_again(signum)
            return
        raise exception()

    return handle


def install() -> None:
    """For the `kg` process (not for a program that imports kg): SIGTERM unwinds as Ctrl-C does, and neither is
    lost in a finaliser. A Ctrl-C that the process was started ignoring (`kg ... &` in a script) stays ignored."""
    signal.signal(signal.SIGTERM, _handler(lambda: Terminated(TERMINATED)))
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _handler(KeyboardInterrupt))


__all__ = ["TERMINATED", "Terminated", "install"]
