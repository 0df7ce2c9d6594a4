"""Neo4j Browser as a user sees it: the real Browser (served by the test server, tools/neo4j-server), in headless
Chromium driven by Playwright, against the real Neo4j with the demo graph loaded by our loader.

The test does what the README tells a user to do: open the Browser, connect with user and password, apply
`browser/claims.grass` with `:style`, set the parameters, run two starter queries. It then reads the drawn SVG:
nodes must be filled with our palette's label colours (kg/viz/palette.json) and captions must show the graph's
values (entity names, "by 3.4% on HotpotQA"), not empty or literal `{name}` templates; and the screenshot's pixels
must show those colours. `KG_BROWSER_SCREENSHOT=docs/neo4j-browser.png` keeps the screenshot (the README's picture).

Needs NEO4J_URI and NEO4J_HTTP_URI (`make test-neo4j` sets both), Chromium and Playwright (dev extra); skipped
otherwise, and failed instead under KG_REQUIRE_NEO4J.
"""
from __future__ import annotations

import html as htmllib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_browser import find_chromium, measure, palette_colours

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[1]
DEMO_DATA = REPO / "kg" / "data" / "demo_abstracts.jsonl"
GRASS = REPO / "browser" / "claims.grass"
QUERIES = REPO / "queries"
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 90_000          # a loaded 2-core machine needs a while to serve and start the Browser's bundle

# A drawn node or relationship of the Browser's SVG: its group holds the shape (with the style's fill) and texts.
# Read from the HTML: the Browser's Content-Security-Policy forbids the script evaluation Playwright would use.
NODE = re.compile(r'<g class="node"[^>]*>(.*?)</g>', re.S)
RELATIONSHIP = re.compile(r'<g class="relationship"[^>]*>(.*?)</g>', re.S)
FILL = re.compile(r'class="b-outline"[^>]*?fill="([^"]+)"')
TEXT = re.compile(r'<text[^>]*>([^<]*)</text>')


def read_svg(html_text: str) -> dict[str, list[dict[str, str]]]:
    def items(pattern: re.Pattern) -> list[dict[str, str]]:
        found = []
        for group in pattern.findall(html_text):
            fill = FILL.search(group)
            caption = " ".join(htmllib.unescape(t).strip() for t in TEXT.findall(group))
            found.append({"fill": fill.group(1) if fill else "", "caption": caption.strip()})
        return found

    return {"nodes": items(NODE), "relationships": items(RELATIONSHIP)}


@pytest.fixture(scope="module")
def server() -> dict[str, str]:
    uri, http = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_HTTP_URI")
    if not uri or not http:
        pytest.skip("needs a Neo4j server with its Browser: NEO4J_URI and NEO4J_HTTP_URI (make test-neo4j sets both)")
    return {"bolt": uri, "http": http if http.endswith("/") else http + "/",
            "user": os.environ.get("NEO4J_USER", "neo4j"), "password": os.environ.get("NEO4J_PASSWORD", "")}


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if not path:
        pytest.skip("no Chromium installed (apt-get install chromium; .ci/run installs it when run as root)")
    return path


@pytest.fixture(scope="module")
def demo_graph(server):
    """The demo abstracts loaded into Neo4j by `kg ingest`, as a user would; the database is emptied after."""
    from kg.cli import cli
    from kg.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(server["bolt"])
    store.clear()
    result = CliRunner().invoke(cli, ["-q", "ingest", str(DEMO_DATA), "--db", server["bolt"]], obj={},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    yield store
    store.clear()
    store.close()


def starter_text(name: str) -> str:
    """A named query as a user pastes it into the Browser (comment lines dropped, one line)."""
    lines = (QUERIES / f"{name}.cypher").read_text(encoding="utf-8").splitlines()
    return " ".join(line.strip() for line in lines if line.strip() and not line.strip().startswith("//"))


def run_in_browser(page, text: str):
    """Types `text` into the Browser's editor, runs it, and returns the frame it opened (the newest is first)."""
    frames = page.get_by_test_id("frame")
    before = frames.count()
    page.get_by_test_id("activeEditor").click()
    page.keyboard.insert_text(text)
    page.get_by_test_id("editor-Run").click()
    frames.nth(before).wait_for(timeout=TIMEOUT_MS)
    return frames.first


def wait_for_graph(frame):
    frame.locator("svg g.node").first.wait_for(timeout=TIMEOUT_MS)
    # The force layout moves nodes for a while; captions and fills are set at once, positions settle later.
    frame.page.wait_for_timeout(3000)
    return read_svg(frame.inner_html())


def busiest_winner(store) -> tuple[str, str]:
    row = store.query("MATCH (a:Entity)-[:OUTPERFORMS]->() RETURN a.key AS key, a.name AS name, count(*) AS n "
                      "ORDER BY n DESC, key LIMIT 1").rows
    assert row, "the demo graph has no OUTPERFORMS edge"
    return row[0][0], row[0][1]


def shown(caption: str, value: str) -> bool:
    """The Browser cuts long captions with an ellipsis and wraps them over lines: compare what it kept."""
    words = " ".join(caption.split())
    return bool(words) and (words == value or (words.endswith("…") and value.startswith(words[:-1].rstrip())))


def test_browser_draws_the_starter_queries_in_our_palette_with_captions(server, chromium, demo_graph, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is a dev dependency (pip install -e .[dev])")
    key, name = busiest_winner(demo_graph)
    colours = palette_colours()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{server['http']}browser/?dbms={server['bolt']}", timeout=TIMEOUT_MS)
            page.get_by_test_id("username").fill(server["user"])
            page.get_by_test_id("password").fill(server["password"])
            page.get_by_test_id("connect").click()
            # Connected: the Browser then opens its welcome guide; our frames come after it.
            page.get_by_test_id("frame").filter(has_text=":play start").wait_for()

            grass = " ".join(GRASS.read_text(encoding="utf-8").split())
            style = run_in_browser(page, f":style {grass}")
            assert "node.Model" in style.inner_text(), "the Browser did not take the style sheet"
            run_in_browser(page, f":param entity_key => '{key}'")
            run_in_browser(page, ":param n => 12")

            neighbourhood = wait_for_graph(run_in_browser(page, starter_text("starter_neighbourhood")))
            overview_frame = run_in_browser(page, starter_text("starter_overview"))
            overview = wait_for_graph(overview_frame)
            overview_frame.locator("button[title=Fullscreen]").first.click()
            page.wait_for_timeout(1000)
            # Zoomed in as a person would, so that captions can be read in the picture.
            for _ in range(2):
                overview_frame.locator("button[aria-label=zoom-in]").first.click()
                page.wait_for_timeout(500)
            page.wait_for_timeout(2000)
            png = page.screenshot()
        finally:
            browser.close()
    (tmp_path / "neo4j-browser.png").write_bytes(png)
    keep = os.environ.get("KG_BROWSER_SCREENSHOT")
    if keep:
        shutil.copyfile(tmp_path / "neo4j-browser.png", keep)

    for drawn in (neighbourhood, overview):
        fills = {n["fill"].upper() for n in drawn["nodes"] if n["fill"]}
        label_fills = {label for label, colour in colours.items() if colour.upper() in fills}
        assert {"Model", "Dataset"} & label_fills and len(label_fills) >= 2, f"nodes not in our palette: {fills}"
        captions = [n["caption"] for n in drawn["nodes"]]
        assert all(c and "{" not in c for c in captions), f"empty or unfilled node captions: {captions}"

    # The entity asked for is drawn, captioned with its name; the overview's winners are drawn with theirs.
    assert any(shown(n["caption"], name) for n in neighbourhood["nodes"]), (name, neighbourhood["nodes"])
    winners = [r[0] for r in demo_graph.query(
        "MATCH (a:Entity)-[:OUTPERFORMS]->() WITH DISTINCT a ORDER BY a.key LIMIT 12 RETURN a.name").rows]
    drawn_names = [n["caption"] for n in overview["nodes"]]
    assert sum(any(shown(c, w) for c in drawn_names) for w in winners) >= len(winners) // 2, (winners, drawn_names)

    # OUTPERFORMS edges in their red, captioned with margins and datasets the graph holds.
    red = next(r["color"] for r in _palette()["relationships"] if r["type"] == "OUTPERFORMS").upper()
    outperforms = [r["caption"] for r in overview["relationships"] if (r["fill"] or "").upper() == red]
    assert outperforms, "no OUTPERFORMS edge drawn in its colour"
    margins = {f"by {_number(v)}{u or ''} on {d}" for v, u, d in demo_graph.query(
        "MATCH ()-[o:OUTPERFORMS]->() WHERE o.value IS NOT NULL AND o.dataset IS NOT NULL "
        "RETURN o.value, o.unit, o.dataset").rows}
    assert any(shown(c, m) for c in outperforms for m in margins), (outperforms, sorted(margins)[:5])

    ink = measure(png, colours)
    assert sum(1 for count in ink.colours.values() if count >= 100) >= 2, f"palette colours on screen: {ink.colours}"


def _palette() -> dict:
    from kg.viz.style import palette

    return palette()


def _number(value: float) -> str:
    """As the Browser prints a property: 3.0 as 3 (JavaScript numbers), 3.4 as 3.4."""
    return str(int(value)) if float(value).is_integer() else str(value)
