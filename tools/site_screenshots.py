"""Retake the README's pictures of the site: headless Chromium opens pages of a built `kg site` folder from disk,
with networking off (the harness of tests/test_browser.py), and writes their screenshots.

    kg site /tmp/arxiv-site --db /tmp/arxiv-db
    python tools/site_screenshots.py /tmp/arxiv-site                    # docs/site-gsm8k.png, docs/site-imagenet.png
    python tools/site_screenshots.py /tmp/arxiv-site --page GSM8K=docs/site-gsm8k.png       # DATASET=PNG

Refuses to write a picture of a page that asked for anything over the network or had a script error.
"""
from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_browser import chromium_args, find_chromium, read_netlog  # noqa: E402  (the tests' own harness)

PAGES = {"GSM8K": REPO / "docs" / "site-gsm8k.png", "ImageNet": REPO / "docs" / "site-imagenet.png"}
# An index row: the dataset's name linked to its entity page, then its leaderboards page
INDEX_ROW = re.compile(r'<tr data-name="[^"]*"><td><a href="e/[^"]+">([^<]+)</a></td>.*?<a href="(d/[^"]+)">')
WINDOW = "--window-size=1200,1500"


def shoot(binary: str, page: Path, target: Path, work: Path) -> None:
    netlog, shot = work / "netlog.json", work / "screenshot.png"
    args = [WINDOW if a.startswith("--window-size=") else a
            for a in chromium_args(binary, work / "profile", netlog, shot, page.resolve().as_uri())]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    if not shot.exists():
        sys.exit(f"{page}: Chromium wrote no screenshot (exit {proc.returncode}): {proc.stderr[-500:]}")
    requests, _ = read_netlog(netlog)
    errors = [line for line in proc.stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]
    if requests or errors:
        sys.exit(f"{page}: not offline or not clean: requests {requests}, errors {errors}")
    target.write_bytes(shot.read_bytes())
    print(f"{page} -> {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a folder written by kg site")
    parser.add_argument("--page", action="append", default=[], metavar="DATASET=PNG",
                        help="the leaderboards page of DATASET (as the index names it) to PNG (default: the README's "
                             "two pictures)")
    args = parser.parse_args()
    pages = dict(p.split("=", 1) for p in args.page) if args.page else {k: str(v) for k, v in PAGES.items()}
    binary = find_chromium()
    if not binary:
        sys.exit("no Chromium installed (apt-get install chromium), or set KG_CHROMIUM")
    boards = {html.unescape(name).casefold(): href for name, href in
              INDEX_ROW.findall((args.site / "index.html").read_text(encoding="utf-8"))}
    for name, target in pages.items():
        href = boards.get(name.casefold())
        if href is None:
            sys.exit(f"{args.site}/index.html: no leaderboards page for {name!r}")
        with tempfile.TemporaryDirectory(prefix="kg-shot-") as work:
            shoot(binary, args.site / href, Path(target), Path(work))


if __name__ == "__main__":
    main()
