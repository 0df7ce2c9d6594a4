"""One line for the failures that reach the top of a command from below the store interface.

The stores turn what they expect into StoreError; a few failures can still surface as driver or OS
exceptions (the server killed during a bulk load's swap, a disk that fills up, a spool that fills $TMPDIR).
`describe` gives each a one-line message with what to try, so the command line never shows a traceback.
"""
from __future__ import annotations

import errno


def describe(exc: BaseException) -> str | None:
    """A one-line message for `exc`, or None if it is not a store or file-system failure (a bug: re-raise)."""
    text = _first_line(exc)
    if isinstance(exc, OSError):
        return _os_error(exc, text)
    if "MISCONF" in text or "No space left" in text:
        return f"the store cannot write to disk ({text}); free some space, then run the command again"
    try:
        import redis
    except ImportError:  # pragma: no cover - a hard dependency
        redis = None  # type: ignore[assignment]
    if redis is not None:
        if isinstance(exc, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)):
            return (f"lost the connection to the FalkorDB server ({text}); was it stopped or killed? The graph is "
                    f"consistent: run the command again")
        if isinstance(exc, redis.exceptions.RedisError):
            return f"FalkorDB: {text}"
    module = type(exc).__module__ or ""
    if module.startswith("neo4j"):
        return f"Neo4j: {text}"
    return None


def _os_error(exc: OSError, text: str) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"no space left on device{where}; free some space (or set TMPDIR elsewhere), then run again"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{exc.strerror}{where}: kg needs to write there"
    return f"{exc.strerror or text}{where}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
