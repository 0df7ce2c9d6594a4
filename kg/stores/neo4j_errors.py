"""Neo4j connection failures as one line that keeps the reason and says what to try.

The driver's message puts the reason on a second line (`Couldn't connect to localhost:7687 (resolved to
('127.0.0.1:7687',)):` then `Failed to establish connection to ... (reason [Errno 111] Connection refused)`),
so a first-line message stopped at the colon.
"""
from __future__ import annotations

import re

_REASON = re.compile(r"\(reason (.+?)\)\s*$", re.M)
_ERRNO = re.compile(r"^\[Errno -?\d+\]\s*")

_HINTS = (
    ("refused", "is Neo4j running there? (`docker compose up -d` starts the bundled one; check the host and "
                "port in --db)"),
    ("timed out", "is the host right and the port open? (a firewall, or Neo4j still starting)"),
    ("resolve", "check the host name in --db"),
    ("name or service not known", "check the host name in --db"),
    ("ssl", "check the scheme: neo4j+s:// and bolt+s:// need TLS on the server, neo4j:// and bolt:// need it off"),
    ("certificate", "check the scheme: neo4j+ssc:// accepts a self-signed certificate"),
)


def connection_reason(exc: BaseException) -> str:
    """The driver's reason (`Connection refused`), else its whole message on one line."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 5:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for item in chain:
        found = _REASON.findall(str(item))
        if found:
            return _ERRNO.sub("", found[-1]).strip()
    text = " ".join(str(getattr(exc, "message", None) or exc).split())
    return text.rstrip(":").strip() or type(exc).__name__


def describe_unreachable(uri: str, exc: BaseException) -> str:
    """`cannot reach Neo4j at URI: REASON; HINT`."""
    reason = connection_reason(exc)
    lowered = f"{reason} {exc}".lower()
    hint = next((h for word, h in _HINTS if word in lowered), "check the address in --db and that Neo4j is up")
    return f"cannot reach Neo4j at {uri}: {reason}; {hint}"
