"""Where input bytes come from: a file, a gzip-compressed file (read as it comes: `.jsonl.gz` dumps), or
standard input (`-`).

Every reader opens its input through `open_input`, so each of them reads all three. A gzip file is
recognised by its first bytes, whatever its name; its format by the name without `.gz` (kg.read.detect),
else by its decompressed content. Standard input can be read once; its first bytes are kept so that the format can be
sniffed before the reader starts.
"""
from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from typing import BinaryIO

STDIN_ARG = "-"
# The name standard input goes by in messages (`<stdin>:3: invalid JSON`) and in `Paper.source`.
STDIN_NAME = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
_BUFFER = 64 * 1024
_HEAD = 8192


class _Decompressing(io.RawIOBase):
    """A gzip stream whose corrupt or truncated data is an OSError, the error every reader handles."""

    def __init__(self, raw: BinaryIO):
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            return self._gzip.readinto(buffer)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise OSError(f"corrupt or truncated gzip data ({exc})") from exc

    def close(self) -> None:
        self._gzip.close()
        self._raw.close()
        super().close()


class _HeadFirst(io.RawIOBase):
    """Bytes already read from a stream (to sniff its format), then the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read1(len(buffer)) if hasattr(self._rest, "read1") else self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class _Stdin:
    """Standard input, read once: its first bytes are kept for sniffing, then handed to one reader."""

    def __init__(self) -> None:
        self.head: bytes | None = None
        self.taken = False

    def peek_head(self) -> bytes:
        if self.head is None:
            stream = sys.stdin.buffer
            parts: list[bytes] = []
            size = 0
            while size < _HEAD:  # a pipe gives what was written so far: read until enough or the end
                part = stream.read1(_HEAD - size) if hasattr(stream, "read1") else stream.read(_HEAD - size)
                if not part:
                    break
                parts.append(part)
                size += len(part)
            self.head = b"".join(parts)
        return self.head

    def open(self) -> io.BufferedReader:
        if self.taken:
            raise OSError("standard input was already read (give - once)")
        head = self.peek_head()
        self.taken = True
        return io.BufferedReader(_HeadFirst(head, sys.stdin.buffer), buffer_size=_BUFFER)


_stdin = _Stdin()


def reset_stdin() -> None:
    """Forget standard input's state (for a second `kg` run in one process, as tests do)."""
    global _stdin
    _stdin = _Stdin()


def is_stdin(path: str) -> bool:
    return path == STDIN_NAME


def open_input(path: str) -> io.BufferedReader:
    """The bytes of `path` (decompressed if it is gzip data), or of standard input for STDIN_NAME.
    Raises OSError as `open` does."""
    f: io.BufferedReader
    if is_stdin(path):
        f = _stdin.open()
    else:
        if os.path.isdir(path):
            raise IsADirectoryError(21, "is a directory, expected a file")
        f = io.BufferedReader(io.FileIO(path, "rb"), buffer_size=_BUFFER)
    try:
        compressed = f.peek(2)[:2] == GZIP_MAGIC
    except OSError:
        f.close()
        raise
    if compressed:
        return io.BufferedReader(_Decompressing(f), buffer_size=_BUFFER)
    return f


def read_head(path: str, size: int = _HEAD) -> bytes:
    """The first bytes of an input (decompressed; empty when it cannot be read), for format sniffing.
    Standard input is not consumed."""
    if is_stdin(path):
        head = _stdin.peek_head()
        if head[:2] == GZIP_MAGIC:
            try:
                return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, size)
            except zlib.error:
                return b""
        return head[:size]
    try:
        with open_input(path) as f:
            return f.read(size)
    except OSError:
        return b""
