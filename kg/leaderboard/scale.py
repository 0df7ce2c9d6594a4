"""One scale for share metrics (accuracy, F1, mAP, AUROC, ...): papers write the same score as `86.2%`, `86.2 AP`
or `0.862`, and a leaderboard must rank them together. The metrics are listed in queries/share_metrics.txt.

    >>> comparable(0.862, None, "f-1-score"), comparable(86.2, None, "ap"), comparable(86.2, "%", "top-1-accuracy")
    ((86.2, '%'), (86.2, '%'), (86.2, '%'))
    >>> comparable(2.15, None, "fid"), comparable(12.0, "ms", "latency")
    ((2.15, None), (12.0, 'ms'))
"""
from __future__ import annotations

from functools import lru_cache

from kg.queries import QUERY_DIR

SHARE_METRICS_FILE = QUERY_DIR / "share_metrics.txt"
PERCENT = ("%", "\\%", "percent")


@lru_cache(maxsize=1)
def share_metrics() -> tuple[tuple[str, ...], ...]:
    """The listed metrics, each as the words of its key."""
    from kg.extractors.normalize import entity_key

    found = []
    for line in SHARE_METRICS_FILE.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            found.append(tuple(entity_key(name).split("-")))
    return tuple(found)


def is_share(metric_key: str | None) -> bool:
    """Whether the metric (by key) is a share: a listed metric is a run of whole words of its key."""
    if not metric_key:
        return False
    words = metric_key.split("-")
    return any(words[i:i + len(m)] == list(m) for m in share_metrics() for i in range(len(words) - len(m) + 1))


def comparable(value: float, unit: str | None, metric_key: str | None) -> tuple[float, str | None]:
    """(score, unit) to rank by: a share metric's score in percent; any other score as reported."""
    unit = (unit or "").strip() or None
    if not is_share(metric_key) or (unit is not None and unit.lower() not in PERCENT):
        return value, unit
    if unit is None and 0 < value <= 1:
        return round(value * 100, 10), "%"
    return value, "%"
