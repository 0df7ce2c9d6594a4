"""The resolve stage, between extraction and loading: it owns identity (one node per real thing).

Its interface only, for now: a `Resolver` takes the (paper, extraction) pairs of a run and gives them back with
entity names, keys and types settled across papers (acronyms and their expansions, spelling variants, the
corpus's vote on a type) and paper ids settled across sources. `PassThrough` changes nothing: it is what the
pipeline did before this stage existed.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Protocol, runtime_checkable

from kg.models import Extraction, Paper

Pair = tuple[Paper, Extraction]


@runtime_checkable
class Resolver(Protocol):
    def resolve(self, pairs: Iterable[Pair]) -> Iterator[Pair]:
        """The pairs, in order, with identities settled."""
        ...


class PassThrough:
    """A resolver that settles nothing."""

    def resolve(self, pairs: Iterable[Pair]) -> Iterator[Pair]:
        yield from pairs


__all__ = ["Pair", "PassThrough", "Resolver"]
