"""The index pages: tags grouped by title, statuses named on the home page."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from site_builder.cli import main
from site_builder.collect import collect
from site_builder.pages import MAX_TAG_LINKS, tag_anchor
from tests.conftest import HEYREACH


def _build(folder: Path, site: Path) -> Path:
    assert main(["build", str(folder), "--site-dir", str(site), "--quiet"]) == 0
    return site


@pytest.fixture(scope="module")
def heyreach(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not HEYREACH.is_dir():
        pytest.fail(f"the shared corpus is missing at {HEYREACH}")
    return _build(HEYREACH, tmp_path_factory.mktemp("indexes") / "site")


def _section(page: str, tag: str) -> str:
    return page.split(f'<a id="{tag_anchor(tag)}"', 1)[1].split('<a id="tag-', 1)[0]


def test_the_tags_page_lists_each_title_once_with_every_log_linked(heyreach: Path) -> None:
    model = collect(HEYREACH, load_config(None, HEYREACH))
    run_logs = [log for log in model.logs if "kind run-log" in log.tags]
    titles = Counter(log.title for log in run_logs)
    assert len(run_logs) == 40 and max(titles.values()) >= 6
    page = (heyreach / "tags" / "index.html").read_text(encoding="utf-8")
    section = _section(page, "kind run-log")
    rows = [(html.unescape(t), int(n)) for t, n in re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>(\d+)</td>", section)]
    assert len(rows) == len(titles)
    assert Counter(title for title, _ in rows) == Counter(set(titles))
    assert dict(rows) == dict(titles)
    assert section.count('href="../logs/') == len(run_logs)


def test_a_folder_of_one_title_is_one_row_per_tag(tmp_path: Path) -> None:
    folder = tmp_path / "team" / "run-logs"
    folder.mkdir(parents=True)
    for number in range(30):
        (folder / f"2026-02-{1 + number % 28:02d}_10-{number:02d}_fetch-{number}.md").write_text(
            "# Run Log: Fetch\n**Started:** 2026-02-01 10:00\n**Mode:** 1\n**Status:** Completed\n\n## Step 1: Fetch\n**Time:** 10:01\n",
            encoding="utf-8",
        )
    site = _build(tmp_path / "team", tmp_path / "site")
    page = (site / "tags" / "index.html").read_text(encoding="utf-8")
    section = _section(page, "kind run-log")
    assert section.count("<td>Run Log: Fetch</td>") == 1
    assert section.count('href="../logs/') == MAX_TAG_LINKS and f"and {30 - MAX_TAG_LINKS} more" in section


def test_a_log_page_links_its_tags_to_their_sections(heyreach: Path) -> None:
    page = (heyreach / "logs" / "run-logs" / "2026-01-03_14-41_process-1" / "index.html").read_text(encoding="utf-8")
    row = page.split("<td>Tags</td>", 1)[1].split("</tr>", 1)[0]
    anchors = re.findall(r'href="\.\./\.\./\.\./tags/#([^"]+)"', row)
    tags_page = (heyreach / "tags" / "index.html").read_text(encoding="utf-8")
    assert "tag-kind-run-log" in anchors
    assert all(f'<a id="{anchor}"' in tags_page for anchor in anchors)


def test_the_home_page_names_logs_without_a_status(heyreach: Path) -> None:
    model = collect(HEYREACH, load_config(None, HEYREACH))
    without = sum(1 for log in model.logs if log.kind == "run-log" and not log.status)
    home = (heyreach / "index.html").read_text(encoding="utf-8")
    row = home.split("<td>run-log</td>", 1)[1].split("</tr>", 1)[0]
    assert f"no status: {without}" in row and without == 19
    assert "-: " not in home
