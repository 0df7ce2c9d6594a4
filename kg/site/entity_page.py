"""The page of one entity: its variants, where it ranks, whom it beats and who beats it, its other claims and
its papers, each claim with its evidence sentence and paper."""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Sequence

from kg.queries.rows import ClaimRow, EntityCard, PaperCard
from kg.site.pages import page

MAX_CLAIMS = 200   # per section: a popular entity has thousands; the page stays readable and small
MAX_PAPERS = 60


@dataclass
class EntityInfo:
    """Everything one entity page shows, gathered by `kg.site.build`."""

    card: EntityCard
    bases: list[str] = field(default_factory=list)          # keys it is a variant of
    variants: list[str] = field(default_factory=list)       # keys of its variants
    standings: list[tuple[str, str, int, int]] = field(default_factory=list)  # (board title, href, rank, of)
    beats: list[ClaimRow] = field(default_factory=list)
    beaten_by: list[ClaimRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)    # every other claim naming it
    papers: list[PaperCard] = field(default_factory=list)   # those proposing it first, then the newest
    proposing: set[str] = field(default_factory=set)
    board_href: str | None = None                           # its leaderboards page, for a dataset


class _Up:
    """The page's view of the site's links: each one relative to `e/` (a dict built per page cost every page
    a pass over every entity: 30k pages x 30k entities)."""

    def __init__(self, href: dict[str, str]) -> None:
        self.href = href

    def get(self, key: str, default: str | None = None) -> str | None:
        found = self.href.get(key)
        return "../" + found if found else default


def _a(href: str | None, text: str | None) -> str:
    return f'<a href="{escape(href)}">{escape(text or "")}</a>' if href else escape(text or "")


def _value(c: ClaimRow) -> str:
    if c.value is None:
        return ""
    text = f"{c.value:g}"
    if c.unit:
        text += f" {c.unit}" if c.unit[0].isalpha() else c.unit
    return f"{c.qualifier} {text}" if c.qualifier else text


def _claim_table(claims: Sequence[ClaimRow], href: "_Up", columns: tuple[str, ...]) -> str:
    """Claims as a table; `columns` picks which entity columns to show (subject, object, dataset, metric)."""
    heads = {"subject": "who", "object": "against", "dataset": "dataset", "metric": "metric"}
    out = ["<table><tr><th>kind</th>" + "".join(f"<th>{heads[c]}</th>" for c in columns)
           + "<th>value</th><th>published</th><th>paper</th><th>conf.</th><th>evidence</th></tr>"]
    for c in claims[:MAX_CLAIMS]:
        cells = []
        for col in columns:
            key = getattr(c, f"{col}_key")
            cells.append(f"<td>{_a(href.get(key or ''), getattr(c, col))}</td>")
        conf = "" if c.confidence is None else f"{c.confidence:.2f}"
        out.append(f"<tr><td>{escape(c.kind)}</td>{''.join(cells)}<td class=num>{escape(_value(c))}</td>"
                   f"<td>{escape(c.published or '')}</td><td><span title=\"{escape(c.title or '')}\">"
                   f"{escape(c.paper)}</span></td><td class=num>{conf}</td>"
                   f"<td class=ev>{escape(c.evidence or '')}</td></tr>")
    out.append("</table>")
    if len(claims) > MAX_CLAIMS:
        out.append(f'<div class="note">{len(claims) - MAX_CLAIMS} more not shown</div>')
    return "".join(out)


def entity_page(info: EntityInfo, href: dict[str, str], names: dict[str, str]) -> str:
    """`href` maps entity keys to their page (relative to the site root); `names` keys to display names.
    The page sits one folder down (`e/`), so every link goes up first."""
    up = _Up(href)
    card = info.card
    parts = [f"<h1>{escape(card.name)} <span class=tag>{escape(card.type or 'entity')}</span></h1>",
             f'<div class="sub">mentioned by {card.paper_count} paper{"s" if card.paper_count != 1 else ""}'
             + (f"; also written {escape(', '.join(card.aliases[:12]))}" if card.aliases else "") + "</div>"]
    if info.board_href:
        parts.append(f'<p><a href="../{escape(info.board_href)}">Leaderboards on {escape(card.name)}</a></p>')
    if info.bases or info.variants:
        family = []
        if info.bases:
            family.append("variant of " + ", ".join(_a(up.get(k), names.get(k, k)) for k in info.bases))
        if info.variants:
            family.append("variants: " + ", ".join(_a(up.get(k), names.get(k, k)) for k in info.variants))
        parts.append("<h2>Family</h2><p>" + "; ".join(family) + "</p>")
    if info.standings:
        parts.append("<h2>Where it ranks</h2><ul>" + "".join(
            f'<li>#{rank} of {of} on <a href="../{escape(h)}">{escape(title)}</a></li>'
            for title, h, rank, of in info.standings[:MAX_CLAIMS]) + "</ul>")
    parts.append(f"<h2>Whom it beats ({len(info.beats)})</h2>")
    parts.append(_claim_table(info.beats, up, ("object", "dataset", "metric")) if info.beats
                 else '<p class="note">no claim names it as the winner</p>')
    parts.append(f"<h2>Who beats it ({len(info.beaten_by)})</h2>")
    parts.append(_claim_table(info.beaten_by, up, ("subject", "dataset", "metric")) if info.beaten_by
                 else '<p class="note">no claim names it as the one beaten</p>')
    if info.claims:
        parts.append(f"<h2>Other claims naming it ({len(info.claims)})</h2>")
        parts.append(_claim_table(info.claims, up, ("subject", "object", "dataset", "metric")))
    parts.append(f"<h2>Papers ({card.paper_count})</h2><ul>" + "".join(
        f"<li>{escape(p.paper)}{' <span class=tag>proposes it</span>' if p.paper in info.proposing else ''} "
        f"{escape(p.title or '')} <span class=note>{escape(p.published or '')}</span></li>"
        for p in info.papers[:MAX_PAPERS]) + "</ul>")
    if card.paper_count > MAX_PAPERS:
        parts.append(f'<div class="note">{len(info.papers)} shown: those proposing it, then the newest</div>')
    return page(f"{card.name} ({card.type or 'entity'})", "\n".join(parts), up="../")
