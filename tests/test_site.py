"""`kg site` on the hand-built graph (tests/leaderboard_graph.py): every link resolves, no page can load anything,
and the pages say what the graph holds (rankings, variants, whom an entity beats and who beats it, evidence)."""
from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from leaderboard_graph import loaded_db

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"


class Page(HTMLParser):
    """Links, ids, loading attributes and the CSP of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.loads: list[str] = []      # every attribute that would make a browser fetch something
        self.csp: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for name in ("src", "srcset", "data", "poster", "background", "action", "formaction"):
            if name in a:
                self.loads.append(f"{tag} {name}={a[name]}")
        if tag == "link" or (name := a.get("href", "")) and tag not in ("a",) and not name.startswith("#"):
            self.loads.append(f"{tag} href={a.get('href')}")
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp.append(a.get("content", ""))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from kg.cli import cli

    work = tmp_path_factory.mktemp("site")
    with loaded_db(work / "kg") as db:
        out = CliRunner().invoke(cli, ["site", str(work / "site"), "--db", db], obj={}, catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert re.search(r"wrote 4 dataset pages \(\d+ leaderboards, \d+ charts\), \d+ entity pages", out.output)
        # A second build into the same folder replaces it whole; the old one is deleted in the background
        out = CliRunner().invoke(cli, ["site", str(work / "site"), "--db", db], obj={}, catch_exceptions=False)
        assert out.exit_code == 0, out.output
        assert (work / "site" / "index.html").is_file()
        deadline = time.monotonic() + 60
        while list(work.glob("site.old-*")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not list(work.glob("site.old-*")), "the replaced site was not deleted"
    return work / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_link_resolves_to_a_page_and_anchor_of_the_site(site):
    checked = 0
    for path in pages(site):
        for href in parse(path).links:
            target, _, anchor = href.partition("#")
            assert not re.match(r"[a-z]+:", target), f"{path.name}: link leaves the site: {href}"
            dest = (path.parent / target).resolve() if target else path
            assert dest.is_file(), f"{path.relative_to(site)}: broken link {href}"
            assert site.resolve() in dest.parents or dest.parent == site.resolve()
            if anchor:
                assert anchor in parse(dest).ids, f"{path.relative_to(site)}: no #{anchor} in {target}"
            checked += 1
    assert checked >= 30


def test_no_page_can_load_anything(site):
    for path in pages(site):
        page = parse(path)
        text = path.read_text(encoding="utf-8")
        assert page.csp == [CSP], path
        assert page.loads == [], f"{path.name}: {page.loads}"
        assert not re.search(r"@import|url\((?!#)", text), path   # CSS and SVG may only point inside the page
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:|//)", text), path


def test_the_index_lists_datasets_by_result_count_and_tasks_with_search(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-name="([^"]*)"><td><a href="([^"]+)">([^<]+)</a></td><td class=num>(\d+)</td>',
                      text)
    assert [(name, int(n)) for _, _, name, n in rows] == [
        ("ImageNet", 5), ("GSM8K", 4), ("WikiText-103", 3), ("ImageNet-1K", 1), ("math word problems", 4)]
    assert text.index("<h2>Datasets (4)</h2>") < text.index("<h2>Tasks (1)</h2>") < text.index("math word problems")
    assert 'id="q"' in text and "addEventListener" in text


def test_a_dataset_page_ranks_per_metric_and_setting_with_its_variants_labelled_and_a_chart(site):
    text = (site / "d" / "imagenet.html").read_text(encoding="utf-8")
    assert "ImageNet · top-1 accuracy · in %" in text
    assert "ImageNet-1K (variant of ImageNet) · top-1 accuracy · in %" in text
    first = text.index("ModelA scores 83.0%")
    assert first < text.index("ModelB now gets 82.5% top-1 accuracy") < text.index("ModelC scores 81.0%")
    assert text.count("<svg") == 1   # the variant's single result makes no chart
    gsm = (site / "d" / "gsm-8-k.html").read_text(encoding="utf-8")
    assert "GSM8K · accuracy · zero-shot · in %" in gsm and "GSM8K · accuracy · 8-shot · in %" in gsm


def test_an_entity_page_says_whom_it_beats_who_beats_it_and_where_it_ranks(site):
    a = (site / "e" / "modela.html").read_text(encoding="utf-8")
    beats = a[a.index("Whom it beats"):a.index("Who beats it")]
    assert "ModelB" in beats and "ModelA outperforms ModelB by 3% on GSM8K" in beats
    assert "#1 of 3 on" in a
    b = (site / "e" / "modelb.html").read_text(encoding="utf-8")
    beaten = b[b.index("Who beats it"):]
    assert 'href="../e/modela.html"' in beaten and "ModelA outperforms ModelB by 3% on GSM8K" in beaten
    variant = (site / "e" / "imagenet-1-k.html").read_text(encoding="utf-8")
    assert 'variant of <a href="../e/imagenet.html">ImageNet</a>' in variant


def test_a_folder_that_is_not_a_site_is_not_overwritten(tmp_path):
    from kg.cli import cli

    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    with loaded_db(tmp_path / "kg") as db:
        out = CliRunner().invoke(cli, ["site", str(keep), "--db", db], obj={}, catch_exceptions=False)
    assert out.exit_code == 1 and "is not a site written by kg site" in out.output
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kg-site-")] == []
