"""State of the art over time: every dated score a point, the running best a step line labelled with the models
that set it. Drawn with matplotlib's object API (no pyplot: no global state, no display needed).

SVG text stays text (`svg.fonttype = 'none'`, drawn in the reader's sans-serif: half the size of text as paths);
nothing is linked, so an inline chart works under the site's Content-Security-Policy.
"""
from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any, Sequence

from kg.leaderboard.table import Board, running_best

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_POINT = "#9aa5b1"
_STEP = "#d1495b"
_LABEL_CHARS = 28


def _short(name: str) -> str:
    return name if len(name) <= _LABEL_CHARS else name[: _LABEL_CHARS - 1] + "…"


def draw(board: Board, ax: Any) -> bool:  # ax: a matplotlib Axes
    """Draw one board on `ax`; False when it has no dated score to draw."""
    import matplotlib.dates as mdates

    dated = [(e, e.day) for e in board.entries if e.day is not None]
    if not dated:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no dated results", ha="center", va="center", transform=ax.transAxes)
        return False
    ax.scatter([day for _, day in dated], [e.score for e, _ in dated], s=14, color=_POINT, zorder=2,
               label="reported result")
    steps = running_best(board)  # dated entries only
    days = [e.day for e in steps if e.day is not None]
    last = max(max(day for _, day in dated), days[-1] + timedelta(days=1))
    xs = [*days, last]
    ys = [e.score for e in steps] + [steps[-1].score]
    ax.step(xs, ys, where="post", color=_STEP, linewidth=1.8, zorder=3, label="state of the art")
    ax.scatter(xs[:-1], ys[:-1], s=28, color=_STEP, zorder=4)
    first_day = min(day for _, day in dated)
    span = max((last - first_day).days, 1)
    for i, (e, day) in enumerate(zip(steps, days)):
        # labels of steps in the last quarter go to the left of their point, or they run off the chart
        right_end = (day - first_day).days > 0.75 * span
        ax.annotate(_short(e.model), (day, e.score), textcoords="offset points",
                    xytext=(-4 if right_end else 4, 6 if i % 2 == 0 else -12), ha="right" if right_end else "left",
                    fontsize=7, color="#333333", zorder=5)
    # A fixed title position: matplotlib's automatic one measures every tick label again (a fifth of a chart's cost)
    ax.set_title(board.title, fontsize=9, loc="left", y=1.0)
    unit = f" ({board.unit})" if board.unit else ""
    ax.set_ylabel(f"{board.metric or 'value'}{unit}, {board.direction}", fontsize=8)
    # Month ticks (dates are often months: arXiv ids): matplotlib's automatic ticks on a short span repeat a month
    months = (last.year - first_day.year) * 12 + last.month - first_day.month
    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, months // 8)))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))  # type: ignore[no-untyped-call]
    ax.margins(x=0.04, y=0.15)  # room for the labels of the top step
    ax.tick_params(labelsize=7)
    ax.grid(True, color="#eeeeee", zorder=0)
    if board.lower_is_better:
        ax.invert_yaxis()  # the better results sit higher, as on every other chart
    return True


def figure(boards: Sequence[Board], width: float = 7.0, height: float = 3.2) -> "Figure":
    """A matplotlib Figure with one chart per board, stacked."""
    from matplotlib.figure import Figure

    n = max(1, len(boards))
    # Fixed margins: matplotlib's constrained layout doubled the cost of a chart (0.33 -> 0.15 s of CPU)
    fig = Figure(figsize=(width, height * n))
    axes = fig.subplots(n, 1, squeeze=False)
    fig.subplots_adjust(left=0.1, right=0.97, top=1 - 0.35 / (height * n), bottom=0.45 / (height * n),
                        hspace=0.55)
    for board, row in zip(boards, axes):
        draw(board, row[0])
    return fig


def save(boards: Sequence[Board], target: "str | IO[bytes]", fmt: str) -> None:
    """Write the charts as `png` or `svg`."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "claims-kg"}):
        figure(boards).savefig(target, format=fmt, dpi=144 if fmt == "png" else None)


_XML_HEAD = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def inline_svg(board: Board, width: float = 7.0, height: float = 3.2) -> str:
    """The chart of one board as an `<svg>` element to put inside an HTML page (no XML prolog, no DOCTYPE)."""
    buf = io.StringIO()
    save_one = figure([board], width, height)
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "claims-kg"}):
        save_one.savefig(buf, format="svg")
    return _XML_HEAD.sub("", buf.getvalue(), count=1)


def has_chart(board: Board) -> bool:
    """Whether a chart says anything over time: dated scores on at least two different days (two scores of one
    month, often of one paper, are two dots on one vertical line)."""
    return len({e.day for e in board.entries if e.day is not None}) >= 2


__all__ = ["draw", "figure", "save", "inline_svg", "has_chart"]
