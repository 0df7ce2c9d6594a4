"""When a paper appeared: from the input's own date, else from its arXiv id, else from a listing's date line.

`published` keeps what the input gave (`2017-06-12T17:57:34Z` from the arXiv API, `2024-03-01` from a CSV);
only a paper without one gets a derived value, always ISO 8601 at the precision the source has:

- a new-style arXiv id (`2503.11731`, `arXiv:2503.11731v2`, an `arxiv.org/abs/...` URL) names the month
  it was submitted: `2025-03`; an old-style id (`cs/0501001`) too: `2005-01`;
- a daily listing's date line (`Mar 14`, `Mar 14, 2025`) names the day; a line without a year is read as the
  latest such day not after the file was last modified (listings are saved on the day they are shown, or later).

`published_date` reads any of these back as a `date` (a month as its first day) for sorting and `--since`.

    >>> arxiv_month("2503.11731"), arxiv_month("https://arxiv.org/abs/cs/0501001v2"), arxiv_month("t-1e8a")
    ('2025-03', '2005-01', None)
    >>> published_date("2025-03"), published_date("2017-06-12T17:57:34Z")
    (datetime.date(2025, 3, 1), datetime.date(2017, 6, 12))
"""
from __future__ import annotations

import re
from datetime import date, datetime

# New-style ids since April 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN; old-style: archive(.SUB)/YYMMNNN.
_NEW_ID = re.compile(r"(?:^|arxiv\.org/(?:abs|pdf)/|arxiv:)(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?(?:\.pdf)?$",
                     re.IGNORECASE)
_OLD_ID = re.compile(r"(?:^|arxiv\.org/(?:abs|pdf)/|arxiv:)[a-z-]+(?:\.[a-z]{2})?/(\d{2})(\d{2})\d{3}(?:v\d+)?$",
                     re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
DATE_LINE = re.compile(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (\d{1,2})(?:, (\d{4}))?",
                       re.IGNORECASE)
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def arxiv_month(text: str | None) -> str | None:
    """`YYYY-MM` of an arXiv id or abs/pdf URL, or None when `text` is neither."""
    if not text:
        return None
    text = text.strip()
    for pattern in (_NEW_ID, _OLD_ID):
        found = pattern.search(text)
        if found is None:
            continue
        yy, mm = int(found.group(1)), int(found.group(2))
        if not 1 <= mm <= 12:
            return None
        # Old-style ids run from 1991 (91xx) to March 2007 (0703); new-style ones start at 0704.
        year = 1900 + yy if yy >= 91 else 2000 + yy
        if pattern is _NEW_ID and year < 2007:
            return None
        return f"{year:04d}-{mm:02d}"
    return None


def listing_day(line: str, saved: datetime | None = None) -> str | None:
    """`YYYY-MM-DD` of a listing's date line (`Mar 14`, `Mar 14, 2025`), or None when the line is not one.

    Without a year, the latest such day not after `saved` (the file's modification time); with neither,
    None: a day without a year cannot be placed.

    >>> listing_day("Mar 14, 2025"), listing_day("Apr 4", datetime(2025, 6, 1)), listing_day("Dec 30", datetime(2025, 1, 2))
    ('2025-03-14', '2025-04-04', '2024-12-30')
    """
    found = DATE_LINE.fullmatch(" ".join(line.split()))
    if found is None:
        return None
    month, day = _MONTHS[found.group(1)[:3].lower()], int(found.group(2))
    if found.group(3):
        candidates = [int(found.group(3))]
    elif saved is not None:
        candidates = [saved.year, saved.year - 1]
    else:
        return None
    for year in candidates:
        try:
            when = date(year, month, day)
        except ValueError:  # Feb 29 of a year without one, Apr 31
            continue
        if found.group(3) or saved is None or when <= saved.date():
            return when.isoformat()
    return None


def published_date(published: str | None) -> date | None:
    """The day a `published` value names (a year or month as its first day); None when it names none."""
    if not published:
        return None
    found = _ISO.match(published.strip())
    if found is None:
        return None
    year, month, day = int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def derived_published(published: str | None, *ids: str | None) -> str | None:
    """`published` when given, else the month of the first arXiv id among `ids` (the paper's id, its URL)."""
    if published:
        return published
    for text in ids:
        month = arxiv_month(text)
        if month:
            return month
    return None
