"""The site as a person sees it: headless Chromium opens `kg site` pages from disk with networking off (the same
harness as tests/test_browser.py): nothing is requested over the network, no script fails, the chart is drawn
(its step line's red is on the screenshot), and typing in the index's search box filters the rows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from leaderboard_graph import loaded_db
from test_browser import chromium, decode_png, render  # noqa: F401  (chromium is a fixture)

pytestmark = pytest.mark.browser

STEP_RED = (0xD1, 0x49, 0x5B)   # kg.leaderboard.chart's state-of-the-art line


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from kg.cli import cli

    work = tmp_path_factory.mktemp("site-browser")
    with loaded_db(work / "kg") as db:
        out = CliRunner().invoke(cli, ["site", str(work / "site"), "--db", db], obj={}, catch_exceptions=False)
        assert out.exit_code == 0, out.output
    return work / "site"


def red_pixels(png: bytes) -> int:
    width, height, channels, rows = decode_png(png)
    count = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            if all(abs(a - b) <= 12 for a, b in zip(row[x:x + 3], STEP_RED)):
                count += 1
    return count


def test_a_dataset_page_loads_offline_with_its_chart_drawn(chromium, site, tmp_path):  # noqa: F811
    shown = render(chromium, site / "d" / "imagenet.html", tmp_path / "chromium")
    assert shown.page_requests == [], "the page asked for something over the network"
    assert shown.console_errors == [], shown.console_errors
    assert "<svg" in shown.dom and "ModelA scores 83.0%" in shown.dom
    assert red_pixels(shown.png) >= 100, "no state-of-the-art line on the screenshot"


def test_the_index_loads_offline_and_its_search_filters_rows(chromium, site, tmp_path):  # noqa: F811
    index = site / "index.html"
    shown = render(chromium, index, tmp_path / "plain")
    assert shown.page_requests == [] and shown.console_errors == []
    assert len(re.findall(r'<tr data-name="[^"]*"(?! style="display: none;")', shown.dom)) == 5
    # Type "wiki" into the box, as a person would, in a copy of the page (the copy sits beside it: links stay valid)
    typed = site / "index-typed.html"
    typed.write_text(index.read_text(encoding="utf-8").replace("</body>", """<script>
var box = document.getElementById("q"); box.value = "wiki";
box.dispatchEvent(new Event("input"));
</script></body>"""), encoding="utf-8")
    shown = render(chromium, typed, tmp_path / "typed")
    visible = re.findall(r'<tr data-name="([^"]*)">', shown.dom)
    assert visible == ["wikitext-103"], visible
    assert re.search(r'<span id="shown">1</span>', shown.dom)
