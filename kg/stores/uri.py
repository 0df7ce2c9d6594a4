"""Reading a `--db` URI without ever showing its password.

`urllib.parse` splits the authority at the first `/`, `?` or `#`, so a password holding one of them is read
as part of a path, a query or a fragment, and `redact` based on it printed the password. Here the user
information is everything up to the LAST `@` after `scheme://`, whatever characters it holds; messages show
`scheme://***@host:port` at most. A value that starts like a URI but is malformed (`bolt:/host`,
`bolt//host`) is refused rather than taken as a directory name (which -v printed and which became a
directory on disk, password and all).
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote

from kg.stores.base import StoreError

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
FALKORDB_SCHEMES = ("falkordb", "redis", "rediss")
KNOWN_SCHEMES = (*NEO4J_SCHEMES, *FALKORDB_SCHEMES, "unix")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://(.*)$", re.DOTALL)
# A known scheme name followed by something that is not `://`: a typo of a URI, never a directory.
_MALFORMED = re.compile(r"^(?:%s)(?::(?!//)|//|:$)" % "|".join(re.escape(s) for s in KNOWN_SCHEMES),
                        re.IGNORECASE)


@dataclass(frozen=True)
class StoreURI:
    scheme: str
    user: str | None
    password: str | None
    host: str
    port: int | None
    path: str  # after the host, without the leading '/'
    query: str

    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.port else host

    def public(self) -> str:
        """For messages: no user, no password."""
        path = f"/{self.path}" if self.path else ""
        return f"{self.scheme}://{self.address()}{path}"


def redact(uri: str) -> str:
    """`uri` fit to print: whatever precedes the last `@` after the scheme becomes `***`."""
    match = _SCHEME.match(uri)
    prefix, rest = (f"{match.group(1)}://", match.group(2)) if match else ("", uri)
    if not match:
        scheme_like = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*:?/*)(.*)$", uri, re.DOTALL)
        if scheme_like and _MALFORMED.match(uri):
            prefix, rest = scheme_like.group(1), scheme_like.group(2)
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return prefix + rest


def looks_malformed(target: str) -> bool:
    return bool(_MALFORMED.match(target))


def parse(uri: str) -> StoreURI:
    """Split a `scheme://[user[:password]@]host[:port][/path][?query]` URI; StoreError (redacted) if bad."""
    match = _SCHEME.match(uri)
    if not match:
        raise StoreError(f"--db {redact(uri)!r} is not a valid URI; expected scheme://host:port")
    scheme, rest = match.group(1).lower(), match.group(2)
    userinfo, at, hostpart = rest.rpartition("@")
    user = password = None
    if at:
        name, colon, secret = userinfo.partition(":")
        user = unquote(name) or None
        password = unquote(secret) if colon else None
    hostport, _, tail = _split_first(hostpart, "/?#")
    path, _, query = tail.partition("?")
    host, port = _host_port(hostport, uri)
    return StoreURI(scheme, user, password, host, port, path.strip("/").split("#")[0], query.split("#")[0])


def _split_first(text: str, separators: str) -> tuple[str, str, str]:
    cut = min((i for i in (text.find(c) for c in separators) if i >= 0), default=-1)
    if cut < 0:
        return text, "", ""
    return text[:cut], text[cut], text[cut + 1:] if text[cut] == "/" else text[cut:].lstrip("/")


def _host_port(hostport: str, uri: str) -> tuple[str, int | None]:
    shown = redact(uri)
    if hostport.startswith("["):
        inside, bracket, after = hostport[1:].partition("]")
        if not bracket:
            raise StoreError(f"--db {shown!r}: an IPv6 address needs a closing ']'")
        try:
            host = str(ipaddress.IPv6Address(inside))
        except ValueError:
            raise StoreError(f"--db {shown!r}: {inside!r} is not an IPv6 address") from None
        port_text = after[1:] if after.startswith(":") else None
        if after and port_text is None:
            raise StoreError(f"--db {shown!r}: unexpected text after the IPv6 address")
    else:
        host, colon, port_text_raw = hostport.partition(":")
        port_text = port_text_raw if colon else None
        if ":" in port_text_raw:
            raise StoreError(f"--db {shown!r}: write an IPv6 address in brackets, e.g. bolt://[::1]:7687")
    if not host:
        raise StoreError(f"--db {shown!r}: no host name")
    if port_text is None or port_text == "":
        return host, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise StoreError(f"--db {shown!r}: the port must be a number from 1 to 65535")
    return host, int(port_text)
