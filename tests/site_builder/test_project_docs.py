"""The demo site publishes the project's own docs (rule catalogue, benchmarks) beside the logs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from site_builder.plugin import copy_project_docs
from tests.conftest import REPO


def test_copies_markdown_pages_and_skips_symlinks(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    source.mkdir()
    (source / "rules.md").write_text("# Rules\n", encoding="utf-8")
    (source / "notes.txt").write_text("not a page\n", encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text("# outside\n", encoding="utf-8")
    os.symlink(secret, source / "linked.md")
    target = tmp_path / "staging" / "project"
    assert copy_project_docs(source, target) == 1
    assert sorted(p.name for p in target.iterdir()) == ["rules.md"]
    assert (target / "rules.md").read_text(encoding="utf-8") == "# Rules\n"


def test_missing_folder_is_a_plugin_error(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="project_docs folder not found"):
        copy_project_docs(tmp_path / "nope", tmp_path / "out")


def test_demo_config_publishes_every_page_of_docs() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for page in sorted((REPO / "docs").glob("*.md")):
        assert f"project/{page.name}" in config, f"docs/{page.name} is not in the demo site's nav"
