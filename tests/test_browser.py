"""The demo view as a person sees it: headless Chromium opens the page from disk with networking off,
takes a screenshot, and the test checks that the page asked for nothing over the network and that the
canvas shows a coloured graph (enough non-background pixels, in the palette's label colours).

How it looks without extra dependencies:
- requests: Chromium's own net log (`--log-net-log`) records every URL request; the page's requests are
  the ones it initiated (initiator `null`, a file:// page's opaque origin, or a file:// isolation key);
  Chromium's background requests (updates, accounts) are initiated by "not an origin" and are reported
  but not counted. Networking is off for all of them: no host name resolves and the proxy is a closed
  loopback port, so nothing leaves the machine.
- pixels: the PNG screenshot is decoded here with zlib (8-bit, non-interlaced, as Chromium writes it).
A control page (one http image, a script error, nothing drawn) shows that every check can fail.

Skipped, with the reason, where no Chromium is installed (`.ci/run` installs Debian's `chromium` when
it runs as root). The README's picture, `docs/demo-view.png`, is this test's screenshot of the demo view:
`docs/demo-view.sha256` records the page it was taken of (the page is the same byte for byte for the same
data and code), and when the page changes the test writes the new picture and fails until it is committed.
"""
from __future__ import annotations

import hashlib
import html as htmllib
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
DEMO_DATA = REPO / "kg" / "data" / "demo_abstracts.jsonl"
README_PICTURE = REPO / "docs" / "demo-view.png"
README_PICTURE_PAGE = REPO / "docs" / "demo-view.sha256"   # sha256 of the page the picture shows
WINDOW = (1200, 800)
HEADER_PX = 60          # the page's header bar; the canvas below it is what must not be blank
BACKGROUND_MIN = 240    # a pixel whose channels are all at least this is background (white, the header's grey)
MIN_INK_RATIO = 0.02    # the demo view covers far more than this; a blank or broken canvas far less
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NETWORK_SCHEMES = ("http:", "https:", "ws:", "wss:", "ftp:")

pytestmark = pytest.mark.browser


def find_chromium() -> Optional[str]:
    explicit = os.environ.get("KG_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if not path:
        pytest.skip("no Chromium installed (apt-get install chromium; .ci/run installs it when run as root)")
    return path


# -- running Chromium --------------------------------------------------------------------------------

@dataclass
class Rendered:
    png: bytes
    page_requests: list[str] = field(default_factory=list)
    background_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dom: str = ""                   # the page's DOM after it ran (Chromium's --dump-dom)


def chromium_args(binary: str, profile: Path, netlog: Path, screenshot: Path, url: str) -> list[str]:
    return [
        binary,
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        f"--user-data-dir={profile}",                     # a fresh profile every time
        # networking off: nothing resolves, and anything that tries goes to a closed loopback port
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--no-first-run", "--no-default-browser-check",
        "--disable-dev-shm-usage",                        # containers often have a tiny /dev/shm
        f"--log-net-log={netlog}",
        "--enable-logging=stderr", "--v=0",               # console messages (uncaught errors) on stderr
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--virtual-time-budget=5000",                     # let the page run its layout before the shot
        f"--screenshot={screenshot}",
        "--dump-dom",
        url,
    ]


def render(binary: str, page: Path, work: Path) -> Rendered:
    work.mkdir(parents=True, exist_ok=True)
    netlog, shot = work / "netlog.json", work / "screenshot.png"
    args = chromium_args(binary, work / "profile", netlog, shot, page.resolve().as_uri())
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    if not shot.exists():
        pytest.fail(f"Chromium wrote no screenshot (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    page_requests, background = read_netlog(netlog)
    errors = [line for line in proc.stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]
    return Rendered(png=shot.read_bytes(), page_requests=page_requests, background_requests=background,
                    console_errors=errors, dom=proc.stdout)


def read_netlog(path: Path) -> tuple[list[str], list[str]]:
    """(requests the page made, Chromium's own background requests), as URLs of network schemes."""
    text = path.read_text(encoding="utf-8")
    try:
        log = json.loads(text)
    except ValueError:  # a log cut short at exit lacks its closing brackets
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    page, background = [], []
    for event in log.get("events", []):
        params = event.get("params") or {}
        url = params.get("url", "")
        if event.get("type") != start_job or not url.lower().startswith(NETWORK_SCHEMES):
            continue
        from_page = params.get("initiator") != "not an origin" or "file://" in params.get("network_isolation_key", "")
        (page if from_page else background).append(url)
    return page, background


# -- reading the screenshot --------------------------------------------------------------------------

def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, channels, rows) of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, color_type, _, _, interlace = header
    assert depth == 8 and not interlace and color_type in (0, 2, 4, 6), header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    raw, stride = zlib.decompress(b"".join(chunks)), width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:    # Sub
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif kind == 2:  # Up
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = prev[i], (prev[i - channels] if i >= channels else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


@dataclass
class Ink:
    ratio: float                    # share of canvas pixels that are not background
    colours: dict[str, int]         # pixels of each palette label colour (within a small tolerance)


def measure(png: bytes, palette_colours: dict[str, str]) -> Ink:
    width, height, channels, rows = decode_png(png)
    targets = {label: tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5)) for label, hex_ in palette_colours.items()}
    counts = dict.fromkeys(targets, 0)
    ink = total = 0
    for row in rows[HEADER_PX:]:
        for x in range(0, width * channels, channels):
            rgb = tuple(row[x:x + 3]) if channels >= 3 else (row[x],) * 3
            total += 1
            if min(rgb) >= BACKGROUND_MIN:
                continue
            ink += 1
            for label, target in targets.items():
                if all(abs(a - b) <= 6 for a, b in zip(rgb, target)):
                    counts[label] += 1
                    break
    return Ink(ratio=ink / max(total, 1), colours=counts)


def palette_colours() -> dict[str, str]:
    from kg.viz.style import palette

    return {rule["label"]: rule["color"] for rule in palette()["nodes"]}


# -- the tests ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_view(chromium, tmp_path_factory) -> Path:
    """The demo graph (bundled abstracts, default extractor) and its view written by `kg viz`, as `make demo` does."""
    from kg.cli import cli
    from kg.stores.embedded_server import EmbeddedServer

    work = tmp_path_factory.mktemp("demo-view")
    db = work / "kg"
    runner = CliRunner()
    try:
        result = runner.invoke(cli, ["-q", "ingest", str(DEMO_DATA), "--db", str(db)], obj={},
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        page = work / "demo-view.html"
        result = runner.invoke(cli, ["viz", "--db", str(db), "-o", str(page)], obj={}, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    finally:
        EmbeddedServer(db).stop()
    return page


def test_demo_view_renders_offline_with_a_coloured_graph(chromium, demo_view, tmp_path):
    html = demo_view.read_text(encoding="utf-8")
    shown = render(chromium, demo_view, tmp_path / "chromium")
    keep = os.environ.get("KG_VIEW_SCREENSHOT")
    if keep:
        Path(keep).write_bytes(shown.png)
    page_hash = hashlib.sha256(html.encode("utf-8")).hexdigest()
    recorded = README_PICTURE_PAGE.read_text(encoding="utf-8").split()[0] if README_PICTURE_PAGE.exists() else ""

    ink = measure(shown.png, palette_colours())
    width, height, _, _ = decode_png(shown.png)
    report = {"html_bytes": len(html.encode("utf-8")), "ink_ratio": round(ink.ratio, 4), "colours": ink.colours,
              "page_requests": shown.page_requests, "background_requests_blocked": len(shown.background_requests)}
    print(f"\ndemo view: {json.dumps(report)}")

    assert (width, height) == WINDOW
    assert shown.page_requests == [], "the page asked for something over the network"
    assert shown.console_errors == [], shown.console_errors
    assert ink.ratio >= MIN_INK_RATIO, f"the canvas is nearly blank ({ink.ratio:.2%} non-background pixels)"
    coloured = [label for label, count in ink.colours.items() if count >= 150]
    assert len(coloured) >= 2, f"nodes are not coloured by label: {ink.colours}"
    # Names stay legible at the default zoom: most nodes are named, none in letters under 11 px, hubs first.
    names, _, smallest = re.search(r'data-kg-labels="(\d+) (\d+) ([\d.]+)"', shown.dom).groups()
    assert int(names) >= 0.6 * len(data_of(html)["nodes"]), f"only {names} nodes are named"
    assert float(smallest) >= 11, f"names drawn at {smallest} px"
    if page_hash != recorded:
        # What `make demo` draws changed: the README's picture is taken again, to be reviewed and committed.
        README_PICTURE.write_bytes(shown.png)
        README_PICTURE_PAGE.write_text(f"{page_hash}  demo-view.html (make demo)\n", encoding="utf-8")
        pytest.fail(f"{README_PICTURE.relative_to(REPO)} showed an older demo view; it has been regenerated "
                    f"from this run: look at it and commit it with {README_PICTURE_PAGE.relative_to(REPO)}")


def data_of(html: str) -> dict:
    return json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1))


# Moves the mouse onto the first OUTPERFORMS edge's label, as a person would, and says which edge it was.
HOVER_SCRIPT = """<script>
setTimeout(function () {
  var edge = window.kgView.edges.filter(function (e) { return e.type === "OUTPERFORMS"; })[0];
  document.body.setAttribute("data-hovered", edge.id);
  document.getElementById("kg-canvas").dispatchEvent(
    new MouseEvent("mousemove", { clientX: edge.x, clientY: edge.y, bubbles: true }));
}, 300);
</script>"""


def test_hovering_an_outperforms_edge_shows_its_evidence_and_paper(chromium, demo_view, tmp_path):
    html = demo_view.read_text(encoding="utf-8")
    page = tmp_path / "hover.html"
    page.write_text(html.replace("</body>", HOVER_SCRIPT + "</body>"), encoding="utf-8")
    shown = render(chromium, page, tmp_path / "chromium")
    hovered = re.search(r'data-hovered="([^"]+)"', shown.dom)
    assert hovered, "the page did not run the hover"
    tip = re.search(r'<div id="kg-tip"[^>]*style="([^"]*)"[^>]*>(.*?)</div>\s*<script', shown.dom, re.S)
    assert tip and "display: block" in tip.group(1), "no tooltip is shown"
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", tip.group(2)))
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    edge = next(e for e in data["edges"] if e["id"] == hovered.group(1))
    details = dict(edge["details"])
    assert "evidence" in details and "paper" in details, details
    for label in ("evidence", "paper"):
        assert label in text and " ".join(details[label].split()) in " ".join(text.split())


def test_the_checks_catch_a_page_that_fetches_fails_and_draws_nothing(chromium, tmp_path):
    page = tmp_path / "control.html"
    page.write_text('<!DOCTYPE html><html><body style="background:#fff">'
                    '<img src="http://127.0.0.1:9/pixel.png" width="1" height="1" alt="">'
                    '<script>undefinedFunction();</script></body></html>', encoding="utf-8")
    shown = render(chromium, page, tmp_path / "chromium")
    assert shown.page_requests == ["http://127.0.0.1:9/pixel.png"]
    assert any("undefinedFunction" in line for line in shown.console_errors)
    assert measure(shown.png, palette_colours()).ratio < MIN_INK_RATIO / 10
