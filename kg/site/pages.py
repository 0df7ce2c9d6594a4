"""The HTML of the static site: index, dataset pages (leaderboards and charts) and entity pages.

Every page stands alone: styles and scripts are inline, charts are inline SVG, and the Content-Security-Policy
forbids loading anything (the same rules as `kg viz`). Text from abstracts is escaped everywhere. Links are
relative (`../e/bert.html`), so the folder works opened from disk, copied, or served by any static server.
"""
from __future__ import annotations

import hashlib
import re
from html import escape
from typing import Iterable, Sequence

from kg.leaderboard.chart import has_chart, inline_svg
from kg.leaderboard.table import Board, Standing

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body { margin: 0 auto; max-width: 1100px; padding: 12px 20px 40px; color: #23252b; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
nav { font-size: 13px; color: #6b7280; margin-bottom: 6px; }
a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
h1 { font-size: 22px; margin: 6px 0 2px; } h2 { font-size: 16px; margin: 26px 0 4px; }
.sub { color: #6b7280; font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin-top: 6px; font-size: 13px; }
th { text-align: left; background: #f4f5f7; font-weight: 600; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e6e8ec; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.ev { color: #4b5563; font-size: 12px; max-width: 460px; }
tr.best td { background: #fff8e6; }
.chart svg { width: 100%; height: auto; max-width: 860px; display: block; }
.tag { display: inline-block; padding: 0 6px; border-radius: 9px; background: #eef1f6; font-size: 12px; color: #374151; }
.note { color: #6b7280; font-size: 12px; }
.toc { font-size: 12px; line-height: 1.6; }
input[type=search] { font: inherit; padding: 5px 10px; width: 340px; border: 1px solid #c9ccd3; border-radius: 5px; }
"""
SEARCH_SCRIPT = """
(function () {
  var box = document.getElementById("q");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-name]"));
  function filter() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (row) {
      var name = row.getAttribute("data-name");
      var ok = words.every(function (w) { return name.indexOf(w) >= 0; });
      row.style.display = ok ? "" : "none"; shown += ok ? 1 : 0;
    });
    document.getElementById("shown").textContent = shown;
  }
  box.addEventListener("input", filter);
  filter();
})();
"""
MAX_SLUG = 80


def slug(key: str) -> str:
    """A file name for an entity key (keys are already lower-case words joined by '-'); long keys are hashed."""
    safe = re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-") or "x"
    if len(safe) > MAX_SLUG or safe != key:
        safe = safe[:MAX_SLUG - 13].rstrip("-") + "-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return safe


def page(title: str, body: str, *, up: str | None = "", generator: str = "kg site") -> str:
    """A whole HTML document. `up` is the path from the page to the site's root ('' or '../'); None: no way up."""
    crumbs = f'<nav><a href="{up}index.html">claims-kg: all datasets and tasks</a></nav>' if up is not None else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="claims-kg {escape(generator)}">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{crumbs}\n{body}\n</body>\n</html>\n")


def _link(href: str | None, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)


def _value(value: float | None, unit: str | None, qualifier: str | None = None) -> str:
    if value is None:
        return ""
    text = f"{value:g}"
    if unit:
        text += f" {unit}" if unit[0].isalpha() else unit
    return f"{qualifier} {text}" if qualifier else text


def _scaled(standing: Standing) -> str:
    """A fraction on a board in percent: the score it is ranked by, after the value as written."""
    score = standing.best.score
    return "" if score == standing.best.result.value else f' <span class="note">(= {score:g}%)</span>'


def _paper(paper: str, title: str | None) -> str:
    return f'<span title="{escape(title or "")}">{escape(paper)}</span>'


def board_section(board: Board, entity_href: dict[str, str], *, up: str, chart: bool = True,
                  max_rows: int | None = None) -> str:
    """One leaderboard: its title and direction, its chart (inline SVG) and its ranked table."""
    head = (f'<h2 id="{escape(_anchor(board))}">{escape(board.title)}</h2>'
            f'<div class="sub">{len(board.rows)} model{"s" if len(board.rows) != 1 else ""}, '
            f'{len(board.entries)} result{"s" if len(board.entries) != 1 else ""}; {board.direction}</div>')
    figure = f'<div class="chart">{inline_svg(board)}</div>' if chart and has_chart(board) else ""
    rows = board.rows if max_rows is None else board.rows[:max_rows]
    lines = ["<table><tr><th>#</th><th>model</th><th>value</th><th>setting</th><th>published</th><th>paper</th>"
             "<th>conf.</th><th>evidence</th></tr>"]
    for standing in rows:
        r = standing.best.result
        href = entity_href.get(r.model_key or "")
        model = _link(f"{up}{href}" if href else None, standing.best.model)
        conf = "" if r.confidence is None else f"{r.confidence:.2f}"
        lines.append(f'<tr{" class=best" if standing.rank == 1 else ""}><td class="num">{standing.rank}</td>'
                     f"<td>{model}</td><td class=num>{escape(_value(r.value, r.unit, r.qualifier))}{_scaled(standing)}</td>"
                     f"<td>{escape(standing.best.setting)}</td><td>{escape(r.published or '')}</td>"
                     f"<td>{_paper(r.paper, r.title)}</td><td class=num>{conf}</td>"
                     f"<td class=ev>{escape(r.evidence or '')}</td></tr>")
    lines.append("</table>")
    if max_rows is not None and len(board.rows) > max_rows:
        lines.append(f'<div class="note">{len(board.rows) - max_rows} more rows not shown</div>')
    if board.unranked:
        lines.append(f'<div class="note">{escape(board.not_ranked())}</div>')
    return head + figure + "".join(lines)


def _anchor(board: Board) -> str:
    return "b-" + slug("-".join(filter(None, (board.dataset_key, board.metric_key or "none", board.setting,
                                               board.unit or ""))))


def leaderboard_page(dataset: str, boards: Sequence[Board], *, entity_href: dict[str, str] | None = None,
                     up: str = "", variants: Iterable[tuple[str, str | None]] = (), dataset_href: str | None = None,
                     charts: int = 20) -> str:
    """The page of one dataset: a contents list, then each board with its chart. `charts` caps the charts
    drawn (the largest boards get them); `variants` are (name, href) of the dataset's variants."""
    hrefs = entity_href or {}
    results = sum(len(b.entries) for b in boards)
    parts = [f"<h1>{escape(dataset)}</h1>",
             f'<div class="sub">{results} result{"s" if results != 1 else ""} in {len(boards)} '
             f'leaderboard{"s" if len(boards) != 1 else ""} (one per dataset, metric, setting and unit; results '
             f'under different settings or units are never ranked together)'
             + (f' · {_link(up + dataset_href, "entity page")}' if dataset_href else "") + "</div>"]
    variant_links = [_link(up + h if h else None, n) for n, h in variants]
    if variant_links:
        parts.append(f'<p>Variants, whose results are included and labelled: {", ".join(variant_links)}</p>')
    # The contents as one paragraph: a list of 30 boards would push the first chart below the fold
    parts.append('<p class="toc">' + " · ".join(f'<a href="#{escape(_anchor(b))}">{escape(b.title)}</a> '
                                               f'<span class="note">({len(b.rows)})</span>' for b in boards) + "</p>")
    for i, board in enumerate(boards):
        parts.append(board_section(board, hrefs, up=up, chart=i < charts))
    return page(f"{dataset}: leaderboards", "\n".join(parts), up=up)


def index_page(datasets: Sequence[dict[str, object]], tasks: Sequence[dict[str, object]], *, built: str) -> str:
    """The front page: datasets and tasks with their result counts, filtered as you type."""
    def table(kind: str, rows: Sequence[dict[str, object]]) -> str:
        out = [f"<h2>{kind} ({len(rows)})</h2><table><tr><th>{kind[:-1].lower()}</th><th>results</th>"
               f"<th>papers</th><th>leaderboards</th></tr>"]
        for r in rows:
            name = str(r["name"])
            aliases = r.get("aliases")
            search = " ".join([name.lower()] + [str(a).lower() for a in (aliases if isinstance(aliases, list) else [])])
            boards = _link(str(r["board_href"]), "leaderboards") if r.get("board_href") else ""
            out.append(f'<tr data-name="{escape(search)}"><td>{_link(str(r["href"]), name)}</td>'
                       f'<td class=num>{r["result_count"]}</td><td class=num>{r["paper_count"]}</td>'
                       f"<td>{boards}</td></tr>")
        out.append("</table>")
        return "".join(out)

    body = (f"<h1>Leaderboards from paper abstracts</h1><div class=sub>{escape(built)}</div>"
            f'<p><input id="q" type="search" placeholder="search datasets and tasks" autofocus> '
            f'<span class="note"><span id="shown">{len(datasets) + len(tasks)}</span> shown</span></p>'
            f"{table('Datasets', datasets)}{table('Tasks', tasks)}<script>{SEARCH_SCRIPT}</script>")
    return page("claims-kg: leaderboards", body, up=None)

