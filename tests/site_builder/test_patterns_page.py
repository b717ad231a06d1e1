"""The Recurring errors page of a built site: patterns, counts by week, links both ways."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.cli import main

REGISTRY = """# Outreach Error Registry

> Last Updated: 2026-03-20
> Active Errors: 2 | Resolved: 0

### ERR-001: Queue times out
| Field | Value |
|-------|-------|
| **ID** | ERR-001 |
| **Status** | OPEN |
| **Severity** | MEDIUM |
| **First Seen** | 2026-03-02 09:07 |
| **Run Log** | `2026-03-02_09-00_process-1.md` |

**Error Message:**
```
TimeoutError: list_conversations took longer than 31 s
```

### ERR-002: Tag filter misses tags
| Field | Value |
|-------|-------|
| **ID** | ERR-002 |
| **Status** | OPEN |
| **Severity** | LOW |
| **First Seen** | 2026-03-03 09:07 |
| **Run Log** | `2026-03-03_09-00_process-2.md` |

**Error Message:**
```
ValueError: unknown tag 'Hot Lead'
```
"""


def _log(day: int, number: int, row: str) -> str:
    return (
        f"# Run Log: Process Inbox\n**Started:** 2026-03-{day:02d} 09:00\n**Mode:** 4\n**Status:** Completed\n\n"
        "## Step 1: Fetch\n**Time:** 09:01\n**Action:** Fetch\n**Result:** Done\n\n"
        "## Errors Encountered\n| Time | Error | Context | Resolution |\n|------|-------|---------|------------|\n"
        f"| 09:07 | {row} | Fetching the queue | Retried |\n"
    )


def test_recurring_errors_page_counts_by_week_and_links_both_ways(tmp_path: Path) -> None:
    folder = tmp_path / "training"
    (folder / "run-logs").mkdir(parents=True)
    (folder / "error-registry.md").write_text(REGISTRY, encoding="utf-8")
    rows = {
        (2, 1): "`TimeoutError: list_conversations took longer than 31 s` (ERR-001)",
        (3, 2): "`TimeoutError: list_conversations took longer than 48 s`",
        (10, 3): "`TimeoutError: list_conversations took longer than 75 s`",
        (11, 4): "Reply draft was empty",
    }
    for (day, number), row in rows.items():
        (folder / "run-logs" / f"2026-03-{day:02d}_09-00_process-{number}.md").write_text(_log(day, number, row), encoding="utf-8")
    site = tmp_path / "site"
    assert main(["build", str(folder), "--site-dir", str(site), "--quiet"]) == 0

    page = (site / "registry" / "recurring" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Pattern 1 ¶ TimeoutError: list_conversations took longer than &lt;*&gt;" in text
    assert "4 occurrences in 3 logs, 2026-03-02T09:07 to 2026-03-10T09:07" in text
    assert "| 2026-W10 | 3 |" not in text and "2026-W10 3 2026-W11 1" in text  # counts by ISO week, as a table
    assert "Pattern 2" not in text  # the empty draft is a one-off; ERR-002 is seen once
    article = page[page.index("<article"): page.index("</article>")]
    hrefs = set(re.findall(r'href="(\.\./[^"#]+)"', article))
    for href in hrefs:
        assert (site / "registry" / "recurring" / href / "index.html").resolve().is_file(), href
    assert "../error-registry/ERR-001/" in hrefs
    assert "../../logs/run-logs/2026-03-10_09-00_process-3/" in hrefs

    entry = (site / "registry" / "error-registry" / "ERR-001" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./\.\./recurring/#pattern-1"', entry)
    log = (site / "logs" / "run-logs" / "2026-03-03_09-00_process-2" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./\.\./\.\./registry/recurring/#pattern-1"', log)
    assert log.index('id="recurring-errors"') < log.index('id="content"')
    alone = (site / "logs" / "run-logs" / "2026-03-11_09-00_process-4" / "index.html").read_text(encoding="utf-8")
    assert 'id="recurring-errors"' not in alone
    assert 'id="recurring-errors"' not in (site / "registry" / "error-registry" / "ERR-002" / "index.html").read_text(encoding="utf-8")
