"""Configuration: overrides, errors naming file and line, and the shipped JSON Schema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from hooks.config import loader as config_module
from hooks.config import schema as schema_module
from hooks.config.loader import load_config
from hooks.config.schema import config_schema, schema_text
from hooks.engine.runner import check_paths
from hooks.errors import ConfigError
from hooks.finding import Severity
from tests.conftest import EXAMPLES, TODAY

DRIFTED = EXAMPLES / "drifted" / "run-logs"


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "run-logs").mkdir()
    for log in DRIFTED.iterdir():
        (tmp_path / "run-logs" / log.name).write_text(log.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_overrides_change_severity_per_path_later_wins(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / ".runlog.yaml").write_text(
        "overrides:\n"
        "  - files: ['run-logs/2026-03-04_*.md']\n"
        "    rules: {RL301: warning, missing-section: off}\n"
        "  - files: '**/2026-03-04_process-inbox.md'\n"
        "    rules: {token-total-mismatch: info}\n",
        encoding="utf-8",
    )
    report = check_paths(["."], load_config(None, folder), cwd=folder, today=TODAY)
    inbox = [f for f in report.findings if "process-inbox" in f.path]
    other = [f for f in report.findings if "triage-queue" in f.path]
    assert {f.severity for f in inbox if f.code == "RL301"} == {Severity.INFO}
    assert not any(f.code == "RL105" for f in inbox)
    assert any(f.code == "RL105" and f.severity is Severity.ERROR for f in other)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules:\n  RL105: off\noverrides:\n  - files: [a.md]\n    rules:\n      RL999: off\n", 6, "unknown rule 'RL999'"),
        ("overrides:\n  - files: [a.md]\n    rules: {}\n  - files: []\n    rules: {}\n", 4, "overrides[1].files"),
        ("overrides:\n  - files: [a.md]\n    rules: {RL105: loud}\n", 3, "severity of RL105"),
        ("exclude: [a]\nreport: yes\n", 2, "unknown key 'report'"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    (tmp_path / ".runlog.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(None, tmp_path)
    assert caught.value.line == line and words in caught.value.message
    assert caught.value.path is not None and caught.value.path.endswith(".runlog.yaml")


def test_toml_errors_point_at_the_override_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.runlog]\nexclude = ["a"]\n\n'
        '[[tool.runlog.overrides]]\nfiles = ["a.md"]\nrules = {RL105 = "off"}\n\n'
        '[[tool.runlog.overrides]]\nfiles = ["b.md"]\nrules = {RL105 = "loud"}\n',
        encoding="utf-8",
    )
    (tmp_path / "logs" / "run-logs").mkdir(parents=True)
    with pytest.raises(ConfigError) as caught:
        load_config(None, tmp_path / "logs" / "run-logs")  # found by searching upward
    assert caught.value.line == 11 and "pyproject.toml" in str(caught.value.path)


def test_shipped_schema_is_generated_from_the_loader() -> None:
    shipped = (resources.files("hooks") / "data" / "config.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(), "hooks/data/config.schema.json is stale: run `runlog config-schema --write hooks/data/config.schema.json`"
    missing = sorted(set(config_module.CONFIG_KEYS) - set(schema_module.KEY_SCHEMAS))
    assert not missing, f"add a schema fragment to KEY_SCHEMAS in hooks/config/schema.py for: {missing}"


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("rules: {RL105: off, token-total-mismatch: warning}\nexclude: ['**/archive/**']\nmax-file-bytes: 1000\n", True),
        ("overrides:\n  - files: ['sessions/*.md']\n    rules: {RL105: warning}\n", True),
        ("rule-options: {}\nkinds: []\n", True),
        ("rules: {RL105: loud}\n", False),
        ("rules: {RL999: off}\n", False),
        ("max-file-bytes: 0\n", False),
        ("overrides:\n  - files: [a.md]\n", False),
        ("overrides:\n  - files: [a.md]\n    rules: {}\n    extra: 1\n", False),
        ("unknown: 1\n", False),
    ],
)
def test_schema_and_loader_agree(tmp_path: Path, text: str, valid: bool) -> None:
    (tmp_path / ".runlog.yaml").write_text(text, encoding="utf-8")
    from ruamel.yaml import YAML

    data = json.loads(json.dumps(YAML(typ="safe").load(text)))
    schema_ok = jsonschema.Draft7Validator(config_schema()).is_valid(data)
    try:
        load_config(None, tmp_path)
        loader_ok = True
    except ConfigError:
        loader_ok = False
    assert schema_ok == loader_ok == valid
