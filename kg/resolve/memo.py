"""A bounded memo for the resolve stage's pure per-name functions (`fold`, `meaning`, `definition`, ...).

`functools.lru_cache` keeps each entry in a linked node the garbage collector walks: with a dozen caches of
~50k names each, every full collection walked about half a million of them, and at 20k arXiv abstracts the
collector took a quarter of the stage's CPU time. A plain dict of strings (or tuples of strings) is left
alone by the collector. When full, the memo starts again empty (names recur within a corpus, so it refills
with the ones in use).
"""
from __future__ import annotations

from typing import Callable, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
DEFAULT_SIZE = 262_144
_MISSING = object()


def memo(size: int = DEFAULT_SIZE) -> Callable[[Callable[[K], V]], Callable[[K], V]]:
    """Memoise a pure function of one hashable argument, keeping at most `size` results."""
    def wrap(function: Callable[[K], V]) -> Callable[[K], V]:
        cache: dict[K, V] = {}
        get = cache.get

        def cached(argument: K) -> V:
            found = get(argument, _MISSING)
            if found is _MISSING:
                if len(cache) >= size:
                    cache.clear()
                found = cache[argument] = function(argument)
            return found  # type: ignore[return-value]

        cached.__doc__, cached.__name__, cached.__qualname__ = function.__doc__, function.__name__, function.__qualname__
        cached.__wrapped__ = function  # type: ignore[attr-defined]
        return cached

    return wrap


__all__ = ["DEFAULT_SIZE", "memo"]
