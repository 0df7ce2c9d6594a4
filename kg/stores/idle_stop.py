"""The idle watcher process: `python -m kg.stores.idle_stop DATA_DIR` (see `kg.stores.idle_watch`).

Started with the embedded server; stops it once no process has used it for the quiet period, then exits.
It also exits when the server is gone or pinned by `kg db start`.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from kg.stores.embedded_server import EmbeddedServer
from kg.stores.idle_watch import WATCHER_PID_FILE, idle_seconds, in_use, quiet_period


def watch(data_dir: Path) -> str:
    """Wait until the server should stop, stop it, and say why the watcher ended."""
    server = EmbeddedServer(data_dir)
    last_busy = time.time()  # started with the server, by a process that is using it
    while True:
        if server.pid() is None:
            return "the server is gone"
        if server.keep_running_marker.exists():
            return "pinned by kg db start"
        quiet = quiet_period(data_dir)
        # no file yet: nobody has left since the start (a script that never closes leaves only by exiting)
        idle, since = quiet if quiet is not None else (idle_seconds(), last_busy)
        now = time.time()
        if in_use(data_dir):
            last_busy = now
        elif now - max(since, last_busy) >= idle:
            with server.control_lock():
                # re-checked under the lock: nobody can start using the server while we hold it
                quiet_now = quiet_period(data_dir)
                if not in_use(data_dir) and not server.keep_running_marker.exists() and \
                        (quiet_now is None or quiet_now[1] + quiet_now[0] <= time.time()) and \
                        server.pid() is not None:
                    server.shutdown()
                    return "stopped after the quiet period"
        time.sleep(max(0.05, min(1.0, idle / 10)))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m kg.stores.idle_stop DATA_DIR", file=sys.stderr)
        return 2
    try:
        watch(Path(argv[0]))
    finally:
        try:
            path = Path(argv[0]) / WATCHER_PID_FILE
            if path.read_text().strip() == str(os.getpid()):
                path.unlink()
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
