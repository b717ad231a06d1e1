"""The runlog MkDocs plugin on its own: it sanitizes any page and refuses include extensions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import EXAMPLES
from tests.site_builder.scan import live_markup


def _config(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: t\ntheme: {{name: material, font: false}}\n{extra}", encoding="utf-8")
    return path


def test_without_logs_the_plugin_sanitizes_every_page(tmp_path: Path) -> None:
    config_file = _config(tmp_path, "plugins: [search, runlog]\nmarkdown_extensions: [attr_list]\n")
    (tmp_path / "docs" / "index.md").write_text(
        "# Notes\n\nHello <script>alert('p')</script> <img src=x onerror=alert(1)>\n\n"
        "[go](javascript:alert(1))\n\nClick{ onclick=\"alert('attr')\" }\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(load_config(config_file=str(config_file), site_dir=str(site)))
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Hello" in page
    assert live_markup(page, "index.html") == []
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert all(live_markup(doc["text"], "search") == [] for doc in index["docs"])


def test_include_extensions_are_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config_file = _config(
        tmp_path, f"plugins: [search, {{runlog: {{logs: {json.dumps(str(EXAMPLES))}}}}}]\nmarkdown_extensions: [pymdownx.snippets]\n"
    )
    with pytest.raises(Abort):
        build(load_config(config_file=str(config_file), site_dir=str(tmp_path / "site")))
    assert "pymdownx.snippets reads files" in caplog.text
    assert not (tmp_path / ".runlog_site").exists()
