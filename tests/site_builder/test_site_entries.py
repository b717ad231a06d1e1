"""Registry entry pages carry the whole entry: its body in order, fences and lists as written.

Built from the shared corpus (the heyreach registry: run-log-template.md's shape; the
``.learnings/ERRORS.md`` registries of two other repositories) and from the shipped examples.
The expectations are read from the registry sources with the checker's own model
(:mod:`hooks.registry`), so every entry of every registry is compared, not a chosen few.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.kinds.registry_shape import entries_of, shape_of
from hooks.model.document import parse
from site_builder.cli import main
from site_builder.collect import collect
from tests.conftest import CORPUS, EXAMPLES, HEYREACH
from tests.site_builder.scan import live_markup

LEARNINGS = {
    "Allmight97__audiobook-boss": CORPUS / "Allmight97__audiobook-boss",
    "ClovisChProgrammer__evolving-coder-public": CORPUS / "ClovisChProgrammer__evolving-coder-public",
}
_LINK = re.compile(r'<a href="([^"]+)"[^>]*>(?:<code>)?([^<]*)(?:</code>)?</a>')


def _build(folder: Path, site: Path) -> Path:
    assert main(["build", str(folder), "--site-dir", str(site), "--quiet"]) == 0
    return site


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


@pytest.fixture(scope="module")
def heyreach_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not HEYREACH.is_dir():
        pytest.fail(f"the shared corpus is missing at {HEYREACH}")
    return _build(HEYREACH, tmp_path_factory.mktemp("entries") / "site")


def _entry_page(site: Path, registry_page: str, entry_id: str) -> Path:
    page = site / "registry" / registry_page / entry_id / "index.html"
    assert page.is_file(), page
    return page


def test_err_003_shows_its_blocks_in_order_with_fence_and_list(heyreach_site: Path) -> None:
    article = _article(_entry_page(heyreach_site, "error-registry", "ERR-003"))
    labels = ["Error Message:", "Context:", "Root Cause:", "Resolution:", "Prevention:"]
    positions = [article.index(f"<strong>{label}</strong>") for label in labels]
    assert positions == sorted(positions)
    assert "<pre><code>No such tool available: mcp__heyreach__get_conversations_v2\n</code></pre>" in article
    assert "<li>All three HeyReach tools failing: get_conversations_v2, get_chatroom, send_message</li>" in article
    assert "<td>All three HeyReach tools failing</td>" not in article
    assert article.index("<strong>Run Log</strong>") < positions[0]


def test_run_log_value_links_the_logs_page(heyreach_site: Path) -> None:
    page = _entry_page(heyreach_site, "error-registry", "ERR-003")
    article = _article(page)
    row = article.split("<strong>Run Log</strong>", 1)[1].split("</tr>", 1)[0]
    links = _LINK.findall(row)
    assert [label for _href, label in links] == ["2026-01-03_mode2-learn-jan.md"]
    opened = (page.parent / links[0][0] / "index.html").resolve()
    assert opened == (heyreach_site / "logs" / "run-logs" / "2026-01-03_mode2-learn-jan" / "index.html").resolve()
    assert "Learn from Jan" in opened.read_text(encoding="utf-8")


def test_err_009_keeps_its_error_message(heyreach_site: Path) -> None:
    article = _article(_entry_page(heyreach_site, "error-registry", "ERR-009"))
    assert "File content (597.3KB) exceeds maximum allowed size (256KB)." in article


def _fence_lines(folder: Path, relative: str) -> dict[str, list[str]]:
    """Each entry's fenced lines (non-blank, as HTML-escaped text), by entry id, from the source."""
    config = load_config(None, folder)
    kind = next(k for k in config.kinds if k.name in {"error-registry", "learnings-errors"} and k.paths and any(
        relative.endswith(p.rsplit("/", 1)[-1]) for p in k.paths))
    text = (folder / relative).read_text(encoding="utf-8-sig")
    doc = parse(relative, text)
    found: dict[str, list[str]] = {}
    for entry in entries_of(doc, kind):
        lines = []
        for start, end in doc.fences:
            if entry.line < start <= entry.end_line:
                lines.extend(line.strip() for line in doc.lines[start : end - 1] if line.strip())
        found[entry.id] = [html.escape(line, quote=False) for line in lines]
    assert shape_of(kind).entry_heading
    return found


def test_every_heyreach_entry_carries_every_fenced_line(heyreach_site: Path) -> None:
    fences = _fence_lines(HEYREACH, "error-registry.md")
    assert len(fences) == 9 and sum(len(v) for v in fences.values()) >= 20
    for entry_id, lines in fences.items():
        article = _article(_entry_page(heyreach_site, "error-registry", entry_id))
        for line in lines:
            assert line in article, (entry_id, line)


@pytest.mark.parametrize("name", sorted(LEARNINGS))
def test_learnings_entries_show_subsections_and_fences(name: str, tmp_path: Path) -> None:
    folder = LEARNINGS[name]
    site = _build(folder, tmp_path / "site")
    fences = _fence_lines(folder, ".learnings/ERRORS.md")
    assert len(fences) >= 4
    for entry_id, lines in fences.items():
        article = _article(_entry_page(site, "learnings/ERRORS", entry_id))
        assert re.search(r"<strong>Status</strong>: \w+", article), entry_id
        assert '<h2 id="log-summary">Summary</h2>' in article, entry_id
        for line in lines:
            assert line in article, (entry_id, line)
    first = _article(_entry_page(site, "learnings/ERRORS", next(iter(fences))))
    assert first.index('<h2 id="log-summary">') < first.index("<h2 id=\"run-log\"")


def test_the_shipped_example_keeps_its_error_message(tmp_path: Path) -> None:
    site = _build(EXAMPLES, tmp_path / "site")
    article = _article(_entry_page(site, "training/error-registry", "ERR-001"))
    assert "KeyError: 'customer_name'" in article


def _registry_folder(root: Path, run_log_value: str, body: str = "") -> Path:
    (root / "run-logs").mkdir(parents=True)
    (root / "run-logs" / "2026-03-05_10-00_fetch-1.md").write_text(
        "# Run Log: Fetch\n**Started:** 2026-03-05 10:00\n**Mode:** 1\n**Status:** Completed\n\n## Step 1: Fetch\nHit ERR-001.\n",
        encoding="utf-8",
    )
    (root / "error-registry.md").write_text(
        "# Error Registry\n\n> Last Updated: 2026-03-05\n> Active Errors: 1 | Resolved: 0\n\n"
        "### ERR-001: Fetch times out\n| Field | Value |\n|-------|-------|\n| **ID** | ERR-001 |\n| **Status** | OPEN |\n"
        f"| **Severity** | HIGH |\n| **Run Log** | {run_log_value} |\n\n{body}---\n\n## Notes\nNot part of the entry.\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("`2026-03-05_10-00_fetch-1.md`", "[`2026-03-05_10-00_fetch-1.md`](run-logs/2026-03-05_10-00_fetch-1.md)"),
        ("[the fetch](run-logs/2026-03-05_10-00_fetch-1.md)", "[the fetch](run-logs/2026-03-05_10-00_fetch-1.md)"),
        ("[the fetch](2026-03-05_10-00_fetch-1.md#step-1)", "[the fetch](run-logs/2026-03-05_10-00_fetch-1.md#step-1)"),
        ("run-logs/2026-03-05_10-00_fetch-1.md", "[run-logs/2026-03-05_10-00_fetch-1.md](run-logs/2026-03-05_10-00_fetch-1.md)"),
    ],
)
def test_each_spelling_of_a_run_log_reference_becomes_a_link(tmp_path: Path, value: str, expected: str) -> None:
    folder = _registry_folder(tmp_path / "team", value)
    site = collect(folder, load_config(None, folder))
    entry = site.registries[0].entries[0]
    assert f"| **Run Log** | {expected} |" in entry.body
    assert entry.named == ["logs/run-logs/2026-03-05_10-00_fetch-1.md"]
    assert entry.body.startswith("| Field | Value |")
    assert not entry.body.rstrip().endswith("---") and "Not part of the entry" not in entry.body


def test_an_entry_body_is_sanitized_and_redacted(tmp_path: Path) -> None:
    key = "sk-ant-api03-" + "Q7vX2mLk9PzR4tYw8NcB1dHs6FgJ0aEu3VoKi5WqZr"
    body = (f"**Error Message:**\n```\n401 for key {key}\n```\n\n**Context:**\n"
            "- <img src=x onerror=alert(1)> pasted\n- [click](javascript:alert(1))\n\n")
    folder = _registry_folder(tmp_path / "team", "`2026-03-05_10-00_fetch-1.md`", body)
    site = _build(folder, tmp_path / "site")
    article = _article(site / "registry" / "error-registry" / "ERR-001" / "index.html")
    assert "401 for key [REDACTED:anthropic-api-key]" in article and key not in article
    assert live_markup(article, "ERR-001") == []
    assert "<li><img src=\"x\"> pasted</li>" in article


def test_a_structured_file_with_findings_keeps_its_content_and_secrets_are_reported(tmp_path: Path) -> None:
    from site_builder.collect import collect as collect_site

    run = CORPUS / "gesad-lab__baes_berk_20251103"
    site = collect_site(run, load_config(None, run))
    with_findings = [log for log in site.logs if log.file_format != "markdown" and log.findings]
    assert len(with_findings) >= 10 and all(log.text for log in with_findings)
    folder = tmp_path / "team" / "tasks" / "run"
    folder.mkdir(parents=True)
    key = "sk-ant-api03-" + "Q7vX2mLk9PzR4tYw8NcB1dHs6FgJ0aEu3VoKi5WqZr"
    (folder / "orchestrator-log.jsonl").write_text(
        '{"agent": "coder", "phase": "build", "timestamp": "2026-03-05T10:00:00Z", "reason": "used ' + key + '"}\n{"broken\n',
        encoding="utf-8",
    )
    model = collect_site(tmp_path / "team", load_config(None, tmp_path / "team"))
    log = next(lg for lg in model.logs if lg.relative.endswith("orchestrator-log.jsonl"))
    codes = [f.code for f in log.findings]
    assert "RL501" in codes and len(codes) >= 2
    assert "[REDACTED:anthropic-api-key]" in log.text and key not in log.text
