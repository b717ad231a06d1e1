"""The execution-log and exception-log kinds, the kind schema extensions, and kind overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.runner import check_paths
from hooks.errors import ConfigError
from hooks.io.yaml import load_yaml
from hooks.kinds.loader import kind_from_mapping
from tests.conftest import TODAY, run_cli

EXECUTION = """# Execution Log: DEPLOY-142

**Timestamp:** {timestamp}
**ENV:** {env}
**RISK:** medium
**STATE Transition:** {transition}

## Task
Deploy the invoice service v2.3 to stage and run the smoke suite.

## Tools Used
- bash: `make deploy ENV=stage` exited 0
- http: GET /health returned 200 after 40 s

## Outcome
{outcome}

## Issues
None

## Contract Gaps
The contract does not say how long to wait for /health before failing.
"""
EXCEPTION = """# Exception: EXC-2026-01-10-01

**Timestamp:** 2026-01-10T16:02:11Z
**Severity:** {severity}
**ENV:** prod

## What Happened
The Notion API rejected the trace write with 429 Too Many Requests.

## Root Cause
Three parallel runs wrote traces in the same minute.

## Contract Reference
Execution logging spec, "Integration with Notion".

## Proposed Fix
Batch trace writes once per run.
{workaround}"""
GOOD_EXECUTION = {"timestamp": "2026-01-10T14:30:00Z", "env": "stage", "transition": "DRAFT → REVIEW", "outcome": "Success"}


def _check(tmp_path: Path, relative: str, text: str) -> list[tuple[int, str]]:
    path = tmp_path / "logs" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    report = check_paths([str(path)], load_config(None, tmp_path), tmp_path, TODAY)
    assert report.files_checked == 1
    return [(f.line, f.code) for f in report.findings]


def test_execution_log_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "claude-executions/2026-01-10-deploy-142.md", EXECUTION.format(**GOOD_EXECUTION)) == []


def test_execution_log_accepts_ascii_arrow(tmp_path: Path) -> None:
    text = EXECUTION.format(**{**GOOD_EXECUTION, "transition": "PLAN -> DRAFT"})
    assert _check(tmp_path, "claude-executions/2026-01-10-deploy-142.md", text) == []


def test_execution_log_failures(tmp_path: Path) -> None:
    text = EXECUTION.format(timestamp="2026-01-10 14:30", env="dev | stage | prod", transition="planning", outcome="Mostly worked")
    found = _check(tmp_path, "claude-executions/2026-01-10-deploy-142.md", text)
    # Timestamp not ISO 8601, ENV left as the spec's placeholder, no arrow, Outcome not a value.
    assert found == [(3, "RL104"), (4, "RL104"), (6, "RL104"), (16, "RL115")]


def test_execution_log_name_and_date(tmp_path: Path) -> None:
    text = EXECUTION.format(**GOOD_EXECUTION)
    assert _check(tmp_path, "claude-executions/deploy-142.md", text) == [(1, "RL101")]
    assert _check(tmp_path, "claude-executions/2026-01-11-deploy-142.md", text) == [(3, "RL112")]


def test_exception_log_passes_and_fails(tmp_path: Path) -> None:
    good = EXCEPTION.format(severity="error", workaround="\n## Workaround Used\nRetried with backoff.\n")
    assert _check(tmp_path, "claude-executions/exceptions/2026-01-10-notion-429.md", good) == []
    bad = EXCEPTION.format(severity="fatal", workaround="")
    assert _check(tmp_path, "claude-executions/exceptions/2026-01-10-notion-429.md", bad) == [(1, "RL105"), (4, "RL104")]


def test_exception_folder_is_not_an_execution_log(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    kinds = {k.name: k for k in config.kinds}
    assert kinds["exception-log"].matches("logs/claude-executions/exceptions/2026-01-10-x.md")
    assert not kinds["execution-log"].matches("logs/claude-executions/exceptions/2026-01-10-x.md")


def _kind(text: str) -> None:
    kind_from_mapping(load_yaml(text, "team.yaml"), "team.yaml")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name: k\nsections:\n  - title: Outcome\n    value-enum: [Success, success]\n", 4, "'value-enum' lists a value twice"),
        ("name: k\nsections:\n  - title: Outcome\n    value-enum: []\n", 4, "'value-enum' must list at least one value"),
        ("name: k\nfields:\n  - name: ENV\n    enum: [dev, prod]\n    example: qa\n", 5, "'example' of field 'ENV' is invalid"),
        ("name: k\nsections:\n  - title: T\n    columns: [A, B]\n    rows: [[a]]\n", 5, "every row in 'rows' must have 2 cells"),
        ("name: k\nsections:\n  - title: Step\n    pattern: 'Step \\d+'\n    example: Stage 1\n", 5, "does not match the section's pattern"),
        ("name: k\nsections:\n  - title: T\n    synonym: [U]\n", 4, "unknown key 'synonym' in section"),
    ],
)
def test_schema_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _kind(text)
    assert caught.value.path == "team.yaml" and caught.value.line == line and message in caught.value.message


def test_section_synonyms_count_as_the_section() -> None:
    kind = kind_from_mapping(load_yaml("name: k\nsections:\n  - title: Errors Encountered\n    synonyms: [Errors, Problems Met]\n", "k"), "k")
    assert kind.sections[0].pattern.fullmatch("problems met") and not kind.sections[0].pattern.fullmatch("Problems")


def test_kind_overrides_change_a_shipped_kind(tmp_path: Path) -> None:
    (tmp_path / ".runlog.yaml").write_text(
        "kind-overrides:\n"
        "  run-log:\n"
        "    paths: ['**/agent-logs/*.md']\n"
        "    fields:\n"
        "      - {name: Started, synonyms: [Date]}\n"
        "      - {name: Status, enum: [In Progress, Completed, Failed, Aborted]}\n"
        "    sections:\n"
        "      - {title: Errors Encountered, synonyms: [Errors]}\n"
        "    options: {modes: [nightly-sync]}\n",
        encoding="utf-8",
    )
    kind = next(k for k in load_config(None, tmp_path).kinds if k.name == "run-log")
    assert kind.paths == ("**/agent-logs/*.md",)
    assert kind.fields[0].synonyms == ("Date",) and kind.fields[0].grammar == "datetime-minute"
    assert kind.fields[2].enum[-1] == "Aborted"
    errors = next(s for s in kind.sections if s.title == "Errors Encountered")
    assert errors.pattern.fullmatch("Errors") and errors.columns == ("Time", "Error", "Context", "Resolution")
    assert kind.options["modes"] == ["nightly-sync"] and kind.options["token-usage-section"] == "Token Usage"
    assert kind.origin == str(tmp_path / ".runlog.yaml")


def test_kind_overrides_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.runlog]\nrules = {}\n\n[tool.runlog.kind-overrides.execution-log]\npaths = ["**/exec/*.md"]\n'
        '\n[tool.runlog.kind-overrides.execution-log.options]\nstarted-field = "Timestamp"\n',
        encoding="utf-8",
    )
    kind = next(k for k in load_config(None, tmp_path).kinds if k.name == "execution-log")
    assert kind.paths == ("**/exec/*.md",)


@pytest.mark.parametrize(
    ("config", "line", "message"),
    [
        ("rules: {}\nkind-override:\n  run-log: {}\n", 2, "unknown key 'kind-override'"),
        ("kind-overrides:\n  run-log:\n    fields:\n      - name: Started\n        pattern: '(unclosed'\n", 5, "not a valid regular expression"),
        ("kind-overrides:\n  run-log:\n    fields:\n      - name: Status\n        enum: [Done, done]\n", 5, "'enum' lists a value twice"),
        ("kind-overrides:\n  run-log:\n    sections:\n      - title: Outcome\n        value-enum: Success\n        colour: red\n", 6, "unknown key 'colour'"),
        ("kind-overrides:\n  run-logs:\n    paths: []\n", 2, "unknown kind 'run-logs'"),
    ],
)
def test_bad_configuration_stops_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, config: str, line: int, message: str
) -> None:
    (tmp_path / ".runlog.yaml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["check", "."], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"runlog: {tmp_path / '.runlog.yaml'}:{line}: ") and message in err


def test_bad_toml_override_names_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.runlog.kind-overrides.run-log]\ntitle = "(("\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["check", "."], capsys)
    assert code == 2 and err.count("\n") == 1
    assert f"{tmp_path / 'pyproject.toml'}:4: 'title' is not a valid regular expression" in err
