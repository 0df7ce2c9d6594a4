"""The warm embedded server: it outlives the command that started it and stops after a quiet period.

Starting the server and loading the graph is most of a command's time on a large store, so the last `kg`
process (or Python `Graph`) to leave does not stop it: it writes `idle` in the data directory (the quiet
period, $KG_IDLE seconds, default 600; its mtime is when the store was last left) and makes sure a watcher
runs: `python -m kg.stores.idle_watch DATA_DIR`, a small detached process that stops the server once no
process has used it for the quiet period. A process that exits without closing its store (a script that
forgets `close()`, a killed `kg`) lets go of the client lock as it dies, so the same rule stops the server.

The watcher starts with the server, so a process that never closes its store is covered too. It stops the server the way the last client used to: under the control lock, only while no client
holds the client lock, with the log compacted first. `kg db stop` still stops at once; `kg db start` pins the
server (no idle stop); KG_IDLE=0 stops it as the last client leaves.
"""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_IDLE_S = 600.0
IDLE_FILE = "idle"
WATCHER_PID_FILE = "idle-watch.pid"


def idle_seconds() -> float:
    """$KG_IDLE: seconds of quiet before the warm server stops (0: stop as the last client leaves)."""
    raw = os.environ.get("KG_IDLE", "")
    try:
        return max(0.0, float(raw)) if raw.strip() else DEFAULT_IDLE_S
    except ValueError:
        return DEFAULT_IDLE_S


def mark_quiet(data_dir: Path, idle: float) -> None:
    """The store was just left: the quiet period starts now (the file's mtime) and lasts `idle` seconds."""
    path = data_dir / IDLE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{idle:g}\n")
    os.replace(tmp, path)


def forget_quiet(data_dir: Path) -> None:
    """A new server: a quiet period noted for an earlier one does not apply."""
    try:
        (data_dir / IDLE_FILE).unlink()
    except FileNotFoundError:
        pass


def _quiet(data_dir: Path) -> tuple[float, float] | None:
    """(quiet period in seconds, when it started), or None."""
    path = data_dir / IDLE_FILE
    try:
        return float(path.read_text().strip()), path.stat().st_mtime
    except (OSError, ValueError):
        return None


def idle_status(data_dir: Path, *, in_use: bool) -> dict[str, Any]:
    quiet = _quiet(data_dir)
    if quiet is None:
        return {"in_use": in_use, "idle_s": idle_seconds()}
    idle, since = quiet
    status: dict[str, Any] = {"in_use": in_use, "idle_s": idle}
    if not in_use:
        status["stops_in_s"] = max(0.0, round(since + idle - time.time(), 1))
    return status


def _watcher_alive(data_dir: Path) -> bool:
    from kg.stores.embedded_server import pid_alive

    try:
        pid = int((data_dir / WATCHER_PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\x00")
    except OSError:
        return False
    return pid_alive(pid) and b"kg.stores.idle_watch" in cmdline and os.fsencode(str(data_dir)) in cmdline


def ensure_watcher(data_dir: Path) -> None:
    """Start the watcher unless one runs for this directory (called under the control lock)."""
    if _watcher_alive(data_dir):
        return
    # Detached: its own session (Ctrl-C in the terminal does not reach it), no inherited descriptors (it
    # must not hold the client lock a `kg` process took), nothing on the terminal.
    proc = subprocess.Popen([sys.executable, "-m", "kg.stores.idle_watch", str(data_dir)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, close_fds=True, cwd="/")
    (data_dir / WATCHER_PID_FILE).write_text(f"{proc.pid}\n")


def _in_use(data_dir: Path) -> bool:
    fd = os.open(data_dir / "clients.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def watch(data_dir: Path) -> str:
    """Wait until the server should stop, stop it, and say why the watcher ended."""
    from kg.stores.embedded_server import EmbeddedServer

    server = EmbeddedServer(data_dir)
    last_busy = time.time()  # started with the server, by a process that is using it
    while True:
        if server.pid() is None:
            return "the server is gone"
        if server.keep_running_marker.exists():
            return "pinned by kg db start"
        quiet = _quiet(data_dir)
        # no file yet: nobody has left since the start (a script that never closes leaves only by exiting)
        idle, since = quiet if quiet is not None else (idle_seconds(), last_busy)
        now = time.time()
        if _in_use(data_dir):
            last_busy = now
        elif now - max(since, last_busy) >= idle:
            with server.control_lock():
                # re-checked under the lock: nobody can start using the server while we hold it
                quiet_now = _quiet(data_dir)
                if not _in_use(data_dir) and not server.keep_running_marker.exists() and \
                        (quiet_now is None or quiet_now[1] + quiet_now[0] <= time.time()) and \
                        server.pid() is not None:
                    server.shutdown_now()
                    return "stopped after the quiet period"
        time.sleep(max(0.05, min(1.0, idle / 10)))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m kg.stores.idle_watch DATA_DIR", file=sys.stderr)
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
