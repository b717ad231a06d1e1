"""A site built from hostile logs: no payload is live and no key appears anywhere under site/."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.site_builder.pagefind_index import search_docs
from tests.site_builder.scan import live_markup, scan_site

# Fake keys shaped like real ones (never valid credentials).
ANTHROPIC = "sk-ant-api03-" + "Q7vX2mLk9PzR4tYw8NcB1dHs6FgJ0aEu3VoKi5WqZr" + "-xY7_AA"
OPENAI = "sk-proj-" + "T4nB8vQ2wE6rY1uI9oP3aS7dF5gH0jKlZxCvBnM" + "21"
OPENAI_LEGACY = "sk-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4"
BEARER = "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiJib3QtNDIifQ" + ".c2lnbmF0dXJlLTk4NzY1"
HEADER_KEY = "hdr-" + "9f8e7d6c5b4a39281726"
SECRETS = [ANTHROPIC, OPENAI, OPENAI_LEGACY, BEARER, HEADER_KEY]

#: Raw HTML and markdown payloads (ours, plus markdown-it's fixtures/markdown-it/xss.txt).
PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(\'xss-onerror\')">',
    "<img src=x onerror=alert(1)//",
    '<svg onload=alert(1)><circle r="1"/></svg>',
    "<details open ontoggle=alert(1)>open</details>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(\'xss-href\')">click</a>',
    '<a href="JaVaScRiPt:alert(1)">case</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="  javascript:alert(1)">spaces</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<iframe src="https://evil.example/frame"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<base href="https://evil.example/">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button></form>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>body{display:none}</style>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("mxss")>',
    '<div id="__config">{"base": "https://evil.example"}</div>',
    '<a name="__md_scope" id="__search">clobber</a>',
    "[click](javascript:alert('xss-md-link'))",
    "[xss link](JAVASCRIPT:alert(1))",
    "[xss link](vbscript:alert(1))",
    "[xss link](&#34;&#62;&#60;script&#62;alert(&#34;xss&#34;)&#60;/script&#62;)",
    "[xss link](&#74;avascript:alert(1))",
    "[xss link](&#x26;#74;avascript:alert(1))",
    "[xss link](\\&#74;avascript:alert(1))",
    "<javascript:alert(1)>",
    "<javascript&#x3A;alert(1)>",
    "<data:text/html;base64,PGgxPkhlbGxvITwvaDE+>",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[ref link][evil]\n\n[evil]: javascript:alert('xss-ref')",
    "Click me{ onclick=\"alert('xss-attr')\" }",
    "Paragraph with attr list\n{: onclick=\"alert('xss-attr2')\" }",
    "[attr link](https://example.com){: onmouseover=\"alert(1)\" }",
    "--8<-- \"/etc/passwd\"",
    "<!-- <script>alert('in-comment')</script> -->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<textarea><script>alert(1)</script></textarea>",
    "<a href=\"https://example.com\" onmouseover=\"alert(1)\">hover</a>",
]


def _run_log(title: str, mode: str, body: str) -> str:
    return f"""# Run Log: {title}
**Started:** 2026-03-05 10:00
**Mode:** {mode}
**Status:** Completed

---

## Step 1: Hostile content
**Time:** 10:01
**Action:** paste everything an agent might paste
**Result:** see below

{body}

---

## Errors Encountered
| Time | Error | Context | Resolution |
|------|-------|---------|------------|
| 10:02 | <img src=x onerror=alert('cell')> | key {ANTHROPIC} | [fix](javascript:alert('cell-link')) |

---

## Final Status
**Completed:** Yes
**Changes Made:** None
**Issues to Address:** rotate x-api-key: {HEADER_KEY}

---

## Token Usage
| Metric | Count |
|--------|-------|
| Input Tokens | 1,000 |
| Output Tokens | 500 |
| Total Tokens | 1,500 |
| Estimated Cost | $0.02 |

*Cost calculated at: Input $5/1M, Output $25/1M (Claude <script>alert('model')</script>)*
"""


#: Where each payload's own log sits (one log per payload, so none can hide another).
PAYLOAD_FOLDER = "payloads/run-logs"


def _payload_log(index: int) -> str:
    """The file name of payload ``index``'s log."""
    return f"2026-03-06_10-{index:02d}_payload-{index}.md"


def _payload_body(index: int) -> str:
    return f"BEFORE-MARKER-{index}\n\n{PAYLOADS[index]}\n\nAFTER-MARKER-{index} closes the step."


def _write_folder(root: Path) -> Path:
    team = root / "team"
    (team / "run-logs").mkdir(parents=True)
    (team / "sessions").mkdir()
    (team / PAYLOAD_FOLDER).mkdir(parents=True)
    for index in range(len(PAYLOADS)):
        (team / PAYLOAD_FOLDER / _payload_log(index)).write_text(_run_log(f"Payload {index}", "1", _payload_body(index)), encoding="utf-8")
    prose = "Plain prose: each hostile payload has a log of its own under payloads/."
    secrets_prose = (
        f"The agent printed ANTHROPIC_API_KEY={ANTHROPIC} and then {OPENAI}.\n\n"
        f"Legacy key {OPENAI_LEGACY} in prose.\n\n"
        "```bash\n"
        f"curl -H \"x-api-key: {HEADER_KEY}\" -H \"Authorization: Bearer {BEARER}\" https://api.example.com\n"
        "```\n\n"
        f"<!-- leftover: {ANTHROPIC} -->\n\n"
        f"| Header | Value |\n|---|---|\n| Authorization | Bearer {BEARER} |\n| key | {OPENAI} |\n"
    )
    (team / "run-logs" / "2026-03-05_10-00_process-1.md").write_text(_run_log("Hostile prose", "1", prose), encoding="utf-8")
    (team / "run-logs" / "2026-03-05_11-00_process-2.md").write_text(_run_log("Secrets everywhere", "1", secrets_prose), encoding="utf-8")
    (team / "run-logs" / "2026-03-05_12-00_process-3.md").write_text(
        _run_log("<script>alert('title')</script> ]: javascript:alert(1) \"><img src=x onerror=alert(1)>",
                 f"<b onmouseover=alert(1)>1</b> {{ onclick=alert(1) }} {ANTHROPIC}", "Nothing else."),
        encoding="utf-8",
    )
    (team / "run-logs" / "2026-03-05_13-00_<svg onload=alert(1)>-4.md").write_text(
        _run_log("Payload in the file name", "1", "The file name is the payload."), encoding="utf-8"
    )
    (team / "sessions" / "2026-03-05-session-1.md").write_text(
        "# Session - 2026-03-05 (Session 1)\n\n## Session Info\n- **Date:** 2026-03-05\n"
        f"- **Mode:** <script>alert('session')</script>\n\n## Summary\nHit ERR-001 again. Token {BEARER} seen.\n",
        encoding="utf-8",
    )
    (team / "error-registry.md").write_text(
        "# Error Registry <script>alert('registry')</script>\n\n"
        "### ERR-001: <img src=x onerror=alert('entry')> times out\n"
        "| Field | Value |\n|-------|-------|\n| **ID** | ERR-001 |\n| **Status** | OPEN |\n"
        f"| **Severity** | HIGH <script>alert(1)</script> |\n| **Category** | {ANTHROPIC} |\n"
        "| **First Seen** | 2026-03-05 10:02 |\n"
        "| **Run Log** | `2026-03-05_10-00_process-1.md`, [evil](javascript:alert('reg-link')) |\n",
        encoding="utf-8",
    )
    outside = root / "outside"
    outside.mkdir()
    (outside / "2026-03-05_14-00_process-5.md").write_text(_run_log("OUTSIDE-MARKER", "1", "OUTSIDE-MARKER text"), encoding="utf-8")
    os.symlink(outside / "2026-03-05_14-00_process-5.md", team / "run-logs" / "2026-03-05_14-00_process-5.md")
    os.symlink(outside, team / "sessions" / "linked")
    return team


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile")
    team = _write_folder(root)
    from site_builder.cli import main

    code = main(["build", str(team), "--site-dir", str(root / "site"), "--quiet"])
    assert code == 0
    return root, root / "site"


def test_the_scanner_sees_live_payloads() -> None:
    assert live_markup("<img src=x onerror=alert(1)>", "x")
    assert live_markup('<a href=" javascript:alert(1)">', "x")
    assert live_markup("<script>alert(1)</script>", "x")
    assert live_markup('<meta http-equiv="refresh" content="0">', "x")
    assert not live_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "x")


def test_no_payload_is_live_and_no_key_appears(hostile_site: tuple[Path, Path]) -> None:
    _root, site = hostile_site
    assert (site / "search" / "search_index.json").is_file()
    problems = scan_site(site, SECRETS)
    assert problems == []


def test_hostile_logs_are_published_escaped_not_dropped(hostile_site: tuple[Path, Path]) -> None:
    _root, site = hostile_site
    pages = sorted(p.parent.name for p in (site / "logs" / "run-logs").glob("*/index.html"))
    assert len(pages) == 4
    prose = (site / "logs" / "run-logs" / "2026-03-05_10-00_process-1" / "index.html").read_text(encoding="utf-8")
    assert "Hostile prose" in prose and "each hostile payload has a log of its own" in prose
    # The Errors Encountered cells: the key redacted, the tag (not valid CommonMark HTML) shown as text.
    assert "key [REDACTED:anthropic-api-key]" in prose and ANTHROPIC not in prose
    assert "<td>&lt;img src=x onerror=alert('cell')&gt;</td>" in prose
    secrets_page = (site / "logs" / "run-logs" / "2026-03-05_11-00_process-2" / "index.html").read_text(encoding="utf-8")
    assert "[REDACTED:anthropic-api-key]" in secrets_page
    assert "[REDACTED:bearer-token]" in secrets_page
    assert "[REDACTED:api-key-header]" in secrets_page
    assert "RL501" in secrets_page
    text = " ".join(doc["title"] + " " + doc["text"] for doc in search_docs(site))
    assert "Secrets everywhere" in text
    assert "REDACTED" in text


def test_symlinks_out_of_the_log_folder_are_not_followed(hostile_site: tuple[Path, Path]) -> None:
    _root, site = hostile_site
    for path in site.rglob("*"):
        if path.is_file():
            assert b"OUTSIDE-MARKER" not in path.read_bytes(), path


def test_titles_cannot_open_markup(hostile_site: tuple[Path, Path]) -> None:
    root, site = hostile_site
    page = (site / "logs" / "run-logs" / "2026-03-05_12-00_process-3" / "index.html").read_text(encoding="utf-8")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and ">" not in title and '"' not in title
    from hooks.config.loader import load_config
    from site_builder.stage import stage_site

    staged = stage_site(root / "team", load_config(None, root / "team")).pages["logs/run-logs/2026-03-05_12-00_process-3.md"]
    front, _ = staged.split("\n---\n", 1)
    assert json.loads(front.removeprefix("---\n"))["title"].startswith("Run Log: ‹script›")


def test_strict_refuses_to_publish_secrets(hostile_site: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, _site = hostile_site
    code, _out, err = run_cli(["build", str(root / "team"), "--site-dir", str(tmp_path / "site"), "--strict", "--quiet"], capsys)
    assert code == 1
    # Every log but none holds a key (the Errors Encountered table of _run_log has one): the
    # payload logs, the four run logs, the session and the registry.
    assert f"not publishing: {len(PAYLOADS) + 6} logs have error-level findings: error-registry.md, " in err
    assert not (tmp_path / "site").exists()


def _payload_page(site: Path, index: int) -> str:
    page = site / "logs" / PAYLOAD_FOLDER / _payload_log(index).removesuffix(".md") / "index.html"
    assert page.is_file(), f"payload {index} has no page"
    return page.read_text(encoding="utf-8")


@pytest.mark.parametrize("index", range(len(PAYLOADS)), ids=[f"payload-{i}" for i in range(len(PAYLOADS))])
def test_each_payload_is_inert_and_hides_nothing_after_it(hostile_site: tuple[Path, Path], index: int) -> None:
    _root, site = hostile_site
    page = _payload_page(site, index)
    assert live_markup(page, PAYLOADS[index]) == []
    content = page.split('<div class="runlog-log">', 1)[1]
    assert f"BEFORE-MARKER-{index}" in content and f"AFTER-MARKER-{index} closes the step" in content
    # The sections below the payload survive too.
    for heading in ("Errors Encountered", "Final Status", "Token Usage"):
        assert f">{heading}</h3>" in content, heading


@pytest.mark.parametrize("theme_id", ["__config", "__search", "__drawer", "__md_scope"])
def test_no_element_of_a_log_takes_a_theme_id(hostile_site: tuple[Path, Path], theme_id: str) -> None:
    _root, site = hostile_site
    clobber = PAYLOADS.index('<a name="__md_scope" id="__search">clobber</a>')
    config = PAYLOADS.index('<div id="__config">{"base": "https://evil.example"}</div>')
    for index in (clobber, config):
        page = _payload_page(site, index)
        content = page.split('<div class="runlog-log">', 1)[1].split("</article>", 1)[0]
        assert not re.search(rf'\b(?:id|name)="{theme_id}"', content), (index, theme_id)
        theme = page.replace(content, "")
        # Only the theme's own element holds the id (material: script#__config, input#__search, input#__drawer).
        assert len(re.findall(rf'\bid="{theme_id}"', page)) == len(re.findall(rf'\bid="{theme_id}"', theme)) <= 1
    assert "clobber" in _payload_page(site, clobber)
