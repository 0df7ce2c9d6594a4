"""Limits on the Cypher a user sends, checked before it reaches a server.

FalkorDB's Cypher parser backtracks: each level of nesting (a bracket, or a prefix `-`, `+` or `NOT` on an
operand) doubles its parse time, before any query timeout applies (`RETURN` + 22 nested parentheses: 16 s;
30: over an hour, holding a server thread), and a very long flat expression (`1+1+...`, 60,000 terms)
overflows its stack and ends the server. So a query is refused when

- it is longer than MAX_QUERY_CHARS characters,
- an operand sits under more than MAX_NESTING levels of nesting, or
- its estimated parse cost (the sum over operands of 2 ** nesting) is over MAX_PARSE_COST.

The estimate comes from a small tokenizer that skips strings, quoted names and comments; it measures, it
does not validate (the server still parses and rejects bad Cypher). The same limits apply on Neo4j, so a
query that runs on one store runs on the other.
"""
from __future__ import annotations

import re

from kg.stores.base import StoreError

MAX_QUERY_CHARS = 32_000
MAX_NESTING = 14
# ~2 ** 16 operand-levels parse in under a second on FalkorDB 4.x (measured: 16 nested parentheses 0.75 s).
MAX_PARSE_COST = 2 ** 16

_TOKEN = re.compile(r"""
    (?P<space>\s+|//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<name>`[^`]*(?:`|\Z)|\$?[A-Za-z_][A-Za-z_0-9]*|\$`[^`]*(?:`|\Z))
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<sign>[-+])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_BINARY_WORDS = {"and", "or", "xor", "in", "is", "starts", "ends", "contains", "with", "as", "where",
                 "return", "match", "optional", "order", "by", "skip", "limit", "union", "all", "distinct",
                 "case", "when", "then", "else", "end", "unwind", "call", "yield", "create", "merge", "set",
                 "delete", "detach", "remove", "on", "asc", "desc", "ascending", "descending"}


class QueryTooComplex(StoreError):
    """A user query over the size or nesting limits (refused before it is sent)."""


def check_query(cypher: str) -> None:
    """Raise QueryTooComplex if `cypher` is over the limits (see the module's doc)."""
    if len(cypher) > MAX_QUERY_CHARS:
        raise QueryTooComplex(f"the query is {len(cypher):,} characters long; the limit is {MAX_QUERY_CHARS:,} "
                              f"(pass large values as parameters)")
    depth, cost = nesting(cypher)
    if depth > MAX_NESTING:
        raise QueryTooComplex(f"the query nests {depth} levels deep (brackets and prefix -, + or NOT); "
                              f"the limit is {MAX_NESTING}")
    if cost > MAX_PARSE_COST:
        raise QueryTooComplex(f"the query has too many deeply nested expressions to parse in reasonable time "
                              f"(estimated cost {cost:,}, limit {MAX_PARSE_COST:,}); simplify it")


def nesting(cypher: str) -> tuple[int, int]:
    """(deepest nesting of an operand, sum over operands of 2 ** their nesting)."""
    stack: list[int] = []  # the nesting level at which each open bracket's contents start
    base = 0  # nesting of the current bracket's contents
    prefix = 0  # prefix operators applied to the operand about to come
    after_operand = False  # a sign after an operand is binary, before one it is a prefix
    deepest = cost = 0
    for match in _TOKEN.finditer(cypher):
        kind, text = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "open":
            stack.append(base)
            base = base + prefix + 1
            prefix, after_operand = 0, False
        elif kind == "close":
            base = stack.pop() if stack else 0
            prefix, after_operand = 0, True
        elif kind == "sign" and not after_operand:
            prefix += 1
        elif kind == "name" and text.lower() == "not":
            prefix += 1
            after_operand = False
        elif kind == "name" and text.lower() in _BINARY_WORDS:
            prefix, after_operand = 0, False
        elif kind in ("name", "number", "string"):
            level = base + prefix
            deepest = max(deepest, level)
            cost += 2 ** min(level, 62)
            prefix, after_operand = 0, True
        else:  # operators and punctuation: a new operand follows
            prefix, after_operand = 0, False
        if base + prefix > deepest:
            deepest = base + prefix
    return deepest, cost


def read_timeout_ms(asked: int | None) -> int:
    """The timeout of a read query: the one asked for, else $KG_QUERY_TIMEOUT seconds (default 300), so a
    runaway query always ends and frees its server thread."""
    if asked:
        return asked
    import os

    try:
        seconds = float(os.environ.get("KG_QUERY_TIMEOUT") or DEFAULT_READ_TIMEOUT_S)
    except ValueError:
        seconds = DEFAULT_READ_TIMEOUT_S
    return max(1, int(seconds * 1000))


DEFAULT_READ_TIMEOUT_S = 300.0
