"""Where the embedded server's socket lives, and proof that a directory or a server process is ours.

The socket goes inside the data directory when the path fits in AF_UNIX's 108 bytes. A longer path needs a
short one elsewhere: a per-user directory (`$XDG_RUNTIME_DIR/kg`, else `$TMPDIR/kg-<uid>`) that anyone
could have created first. Another user who owns it, or can write to it, could listen on our socket name and
receive every query and parameter, so it is used only if it is a real directory (not a link), owned by us,
and closed to everyone else (mode 0700); otherwise the store refuses to start and says why.
"""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from kg.stores.base import StoreError

# AF_UNIX paths are limited to 108 bytes including the NUL; Redis exits on longer ones.
MAX_SOCKET_PATH = 100


def socket_path_for(data_dir: Path) -> Path:
    inside = data_dir / "server.sock"
    if len(str(inside)) < MAX_SOCKET_PATH:
        return inside
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    return runtime_dir() / f"{digest}.sock"


def runtime_dir() -> Path:
    """The per-user directory for sockets, created if missing and checked every time."""
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
        try:
            check_private(base)
            return private_dir(base / "kg")
        except StoreError:
            pass  # a bad XDG_RUNTIME_DIR: the temporary directory, checked the same way
    return private_dir(Path(tempfile.gettempdir()) / f"kg-{os.getuid()}")


def private_dir(path: Path) -> Path:
    try:
        path.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the socket directory {path}: {exc.strerror}") from exc
    check_private(path)
    return path


def check_private(path: Path) -> None:
    """Refuse a socket directory another user could use: not ours, open to others, or a symbolic link."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise StoreError(f"cannot use the socket directory {path}: {exc.strerror}") from exc
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"refusing the socket directory {path}: it is not a directory (a link or a file)")
    if info.st_uid != os.getuid():
        raise StoreError(f"refusing the socket directory {path}: it belongs to uid {info.st_uid}, not to you "
                         f"(uid {os.getuid()}); another user may be listening there. Remove it, or set "
                         f"XDG_RUNTIME_DIR or TMPDIR to a private directory")
    if info.st_mode & 0o077:
        raise StoreError(f"refusing the socket directory {path}: its mode is {stat.S_IMODE(info.st_mode):04o}, "
                         f"open to other users; `chmod 700 {path}` or remove it")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths are the same directory (device and inode), e.g. a process's /proc/PID/cwd and ours."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
