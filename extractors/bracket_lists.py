"""Names in brackets after the items of one list share a type (issue 12): `text games (Quuxworld), web
navigation (WidgetShop), and interactive coding (Zorb Bash)` names one kind of thing per item, as a plain list
(`on A, B and C`, `EntityTyper._by_list`) does. A name that nothing else types takes the type most of its
typed siblings have."""
from __future__ import annotations

from kg.extractors.mentions import Mention
from kg.extractors.tokens import TokenView

_MAX_GAP = 8  # tokens between one item's `)` and the next item's `(`
_LINKS = frozenset({",", "and", "or"})
_BREAKS = frozenset({".", ";", ":", "(", ")", "!", "?"})


def _in_brackets(v: TokenView, m: Mention) -> bool:
    return m.start > 0 and m.end < len(v) and v.texts[m.start - 1] == "(" and v.texts[m.end] == ")"


def bracketed_groups(v: TokenView, found: list[Mention]) -> list[list[Mention]]:
    """Groups of bracketed mentions, each after an item of one list (`A (X), B (Y) and C (Z)`): two items
    joined by `and`/`or`, or three and more."""
    items = sorted((m for m in found if _in_brackets(v, m)), key=lambda m: (m.start, -m.end))
    groups: list[list[Mention]] = []
    joined: list[bool] = []
    for m in items:
        if groups and m.start == groups[-1][-1].start:
            groups[-1].append(m)  # another candidate over the same words: the same item
            continue
        if groups:
            prev = groups[-1][-1]
            gap = v.lowers[prev.end + 1:m.start - 1]
            if 0 < len(gap) <= _MAX_GAP and not any(w in _BREAKS for w in gap) and (
                    gap[0] == "," or gap[0] in _LINKS):
                groups[-1].append(m)
                joined[-1] = joined[-1] or "and" in gap or "or" in gap
                continue
        groups.append([m])
        joined.append(False)
    return [g for g, conj in zip(groups, joined) if len({m.start for m in g}) >= (2 if conj else 3)]


def share_bracketed_types(v: TokenView, found: list[Mention], pending: list[Mention], bonus: float) -> None:
    """Pending (untyped) bracketed names of a group take the type most of the group's typed names have (a tie
    goes to the type seen first)."""
    waiting = {id(m) for m in pending if m.type is None and _in_brackets(v, m)}
    if not waiting:
        return  # (most docs: no untyped name alone in brackets, nothing to group)
    for group in bracketed_groups(v, found):
        types = [m.type for m in group if id(m) not in waiting and m.type is not None]
        if not types or not any(id(m) in waiting for m in group):
            continue
        majority = max(types, key=lambda t: (types.count(t), -types.index(t)))
        for m in group:
            if id(m) in waiting and m.type is None:
                m.type, m.typed_by = majority, "list"
                m.score = min(1.0, m.score + bonus)
