"""The layers of hooks/ hold: an import-linter contract (pyproject.toml, [tool.importlinter]),
checked here, and no import of our own packages deferred into a function to dodge a cycle."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree, env=env,
                          capture_output=True, text=True, check=False)


def test_the_layer_contracts_are_kept() -> None:
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "hooks layers KEPT" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    for name in ("hooks", "site_builder"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    document = tmp_path / "hooks" / "model" / "document.py"
    document.write_text(document.read_text(encoding="utf-8") + "\nfrom hooks.engine.runner import Report  # upward\n", encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "hooks layers BROKEN" in result.stdout
    assert "hooks.model.document -> hooks.engine.runner" in result.stdout


def test_no_import_of_our_packages_is_deferred_into_a_function() -> None:
    deferred = []
    for package in ("hooks", "site_builder"):
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for inner in ast.walk(node):
                        if isinstance(inner, ast.ImportFrom) and (inner.module or "").split(".")[0] in {"hooks", "site_builder"}:
                            deferred.append(f"{path.relative_to(REPO)}:{inner.lineno} {inner.module}")
    assert deferred == []
