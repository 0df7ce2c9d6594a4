"""Short forms that differ only in case, kept apart when their papers type them apart (`kg.resolve.entities`).

`entity_key` folds case, as it must for `LLaMA`/`Llama`/`LLAMA`; but a coined name's spelling can be its
identity: one paper's method `ZoRb` and the data set `ZORB` of others are two things. For each short form the
votes give no reading, the corpus's papers are counted per exact spelling and type (each paper once per
spelling, its resolved type; the graph's papers and the running ingest's alike). A spelling is kept apart from
the most used spelling of its case class only when both are typed clearly and differently:

- the most used spelling: its leading type held by at least MIN_PAPERS papers and TYPE_SHARE of its papers;
- the other: its leading type another one, held by TYPE_SHARE of its papers, and by MIN_PAPERS papers or by a
  paper that proposes it (`we propose ZoRb`: a coined name);
- a tie for the leading type is no clear type.

Otherwise the spellings stay one node, as before (`O3`/`o3`, `Flux`/`FLUX` as one model: their papers agree).
What is kept apart is a short form's *mark* (`~ZoRb`), appended to the outcome its mentions keep: when the
counts change the mark, `Votes.stale` finds the papers, as it does for changed votes, so the result does not
depend on the order papers come in. A spelling kept apart gets the key `<key>~<spelling>` (`zorb~ZoRb`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from kg.stores.base import GraphStore

MIN_PAPERS = 2
TYPE_SHARE = (2, 3)  # two thirds, compared in integers
SEPARATOR = "~"

Entry = tuple[str, str, str, bool]  # (short key, spelling, type, proposed)

# The graph's mentions of short forms the votes gave no reading (their outcome is a mark or nothing).
STORED_CASES = """
MATCH (p:Paper)-[m:MENTIONS]->(e:Entity)
WHERE m.via IS NOT NULL AND (m.outcome IS NULL OR m.outcome = '' OR m.outcome STARTS WITH '~')
OPTIONAL MATCH (p)-[r:PROPOSES]->(e)
RETURN p.id AS paper, m.via AS short, m.surface AS spelling, m.type AS type, r IS NOT NULL AS proposed"""


@dataclass
class CaseSpellings:
    # short key -> spelling -> type -> papers, and -> spelling -> papers proposing it (plain dicts: a Counter made
    # per mention cost more than the rest of the count)
    types: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    proposed: dict[str, dict[str, int]] = field(default_factory=dict)
    by_paper: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    _marks: dict[str, str] = field(default_factory=dict)  # cache, dropped for a short key whose counts change

    def load_stored(self, store: GraphStore) -> None:
        """The counts of the papers in the graph."""
        per_paper: dict[str, list[Entry]] = {}
        for row in store.query(STORED_CASES).records():
            per_paper.setdefault(row["paper"], []).append(
                (row["short"], row["spelling"], row["type"], bool(row["proposed"])))
        for paper_id, entries in per_paper.items():
            self.set_paper(paper_id, entries)

    def set_paper(self, paper_id: str, entries: Iterable[Entry]) -> None:
        """A paper's (short key, spelling, type, proposed) mentions, replacing its earlier ones."""
        new = tuple(sorted(set(entries)))
        old = self.by_paper.get(paper_id, ())
        if new == old:
            return
        types, marks = self.types, self._marks
        for entries_, change in ((old, -1), (new, 1)):
            for short, spelling, etype, proposes in entries_:
                spellings = types.get(short)
                if spellings is None:
                    spellings = types[short] = {}
                counts = spellings.get(spelling)
                if counts is None:
                    counts = spellings[spelling] = {}
                counts[etype] = counts.get(etype, 0) + change
                if proposes:
                    by_spelling = self.proposed.setdefault(short, {})
                    by_spelling[spelling] = by_spelling.get(spelling, 0) + change
                if len(spellings) > 1:
                    marks.pop(short, None)  # one spelling: no mark, nothing to drop
        if new:
            self.by_paper[paper_id] = new
        else:
            self.by_paper.pop(paper_id, None)

    def mark(self, short: str) -> str:
        """`~Spelling|Spelling` for the spellings of `short` kept apart, '' when none."""
        found = self._marks.get(short)
        if found is None:
            spellings = self.types.get(short)
            apart = _apart(spellings, self.proposed.get(short, {})) if spellings and len(spellings) > 1 else []
            found = self._marks[short] = SEPARATOR + "|".join(apart) if apart else ""
        return found

    def key(self, short: str, spelling: str, key: str) -> str:
        """The key of a mention of `short` written `spelling` whose class key is `key`."""
        mark = self.mark(short)
        return f"{key}{SEPARATOR}{spelling}" if mark and spelling in mark[1:].split("|") else key


def is_case_key(key: str) -> bool:
    """A key `CaseSpellings.key` gave a spelling kept apart (`dude~DuDe`); an `entity_key` is lower case, even
    one with a tilde in it (`cam-~-oes`)."""
    return SEPARATOR in key and key != key.lower()


def _leading(types: dict[str, int]) -> tuple[str | None, int, int]:
    """(the leading type, its papers, all papers); no type on a tie."""
    ranked = sorted(((n, t) for t, n in types.items() if n > 0), reverse=True)
    total = sum(n for n, _ in ranked)
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None, 0, total
    return ranked[0][1], ranked[0][0], total


def _clear(papers: int, total: int) -> bool:
    return papers * TYPE_SHARE[1] >= total * TYPE_SHARE[0]


def _apart(spellings: dict[str, dict[str, int]], proposed: dict[str, int]) -> list[str]:
    classes: dict[str, list[str]] = {}
    for spelling, types in spellings.items():
        if sum(types.values()) > 0:
            classes.setdefault(spelling.casefold(), []).append(spelling)
    apart = []
    for members in classes.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda s: (-sum(spellings[s].values()), s))
        main, n, total = _leading(spellings[members[0]])
        if main is None or n < MIN_PAPERS or not _clear(n, total):
            continue
        for other in members[1:]:
            etype, m, count = _leading(spellings[other])
            if etype is not None and etype != main and _clear(m, count) \
                    and (m >= MIN_PAPERS or proposed.get(other, 0) > 0):
                apart.append(other)
    return sorted(apart)


__all__ = ["CaseSpellings", "SEPARATOR", "is_case_key"]
