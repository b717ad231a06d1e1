"""Output formats: json, sarif (checked against the SARIF 2.1.0 schema), github, junit."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from hooks.rules.ruleset import RULES
from tests.conftest import EXAMPLES, REPO, run_cli

SCHEMA = REPO / "tests" / "data" / "sarif-2.1.0-rtm.5.json"
SCHEMA_SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"


@pytest.fixture
def drifted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the drifted examples, with a message that needs escaping, as the working folder."""
    folder = tmp_path / "logs"
    shutil.copytree(EXAMPLES / "drifted", folder)
    log = folder / "run-logs" / "2026-03-04_process-inbox.md"
    log.write_text(log.read_text(encoding="utf-8").replace("**Mode:** Live", "**Mode:** 50%, odd: mode"), encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def _text_findings(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, out, _ = run_cli(["check", ".", "--no-cache", "--format", "text"], capsys)
    assert code == 1
    return [line for line in out.splitlines() if re.match(r"^\S+:\d+:\d+: RL\d+ ", line)]


def test_sarif_validates_against_the_2_1_0_schema(drifted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256, "tests/data schema changed; see tests/data/README.md"
    expected = _text_findings(capsys)
    code, out, _ = run_cli(["check", ".", "--no-cache", "--format", "sarif"], capsys)
    assert code == 1
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.code for r in RULES]
    assert all(r["helpUri"].startswith("https://") and r["shortDescription"]["text"] for r in driver["rules"])
    results = run["results"]
    assert len(results) == len(expected)
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        line = f"{location['artifactLocation']['uri']}:{location['region']['startLine']}:{location['region']['startColumn']}: {result['ruleId']} "
        assert any(text.startswith(line) for text in expected), line
        assert result["level"] in {"error", "warning", "note"}
        assert re.fullmatch(r"[0-9a-f]{64}", result["partialFingerprints"]["runlog/v1"])


def test_sarif_with_a_broken_result_fails_the_schema(drifted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["check", ".", "--no-cache", "--format", "sarif"], capsys)
    log = json.loads(out)
    log["runs"][0]["results"][0]["level"] = "fatal"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(log)


def test_github_one_workflow_command_per_finding_escaped(drifted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _text_findings(capsys)
    code, out, err = run_cli(["check", ".", "--no-cache", "--format", "github"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(expected)
    command = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),title=(RL\d+) ([a-z0-9-]+)::(.+)$")
    for line in lines:
        assert command.match(line), line
    mode = next(line for line in lines if "RL104" in line and "Mode" in line)
    assert "50%25%2C odd%3A mode" not in mode.split("::")[1]  # properties are not the message
    assert "50%25, odd: mode" in mode.split("::", 2)[2]
    assert "Checked" in err


def test_junit_parses_with_one_testcase_per_file(drifted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _text_findings(capsys)
    code, out, _ = run_cli(["check", ".", "--no-cache", "--format", "junit"], capsys)
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert sorted(c.get("name") for c in cases) == sorted({line.split(":", 1)[0] for line in expected} | {
        p.relative_to(drifted).as_posix() for p in drifted.rglob("*.md")
    })
    failures = [f for c in cases for f in c.findall("failure")]
    assert len(failures) == len(expected)
    assert suite.get("tests") == str(len(cases))
    assert suite.get("failures") == str(sum(1 for c in cases if c.find("failure") is not None))


def test_json_shape_and_output_file(drifted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _text_findings(capsys)
    target = tmp_path / "report.json"
    code, out, err = run_cli(["check", ".", "--no-cache", "--format", "json", "--output-file", str(target)], capsys)
    assert code == 1 and out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"]["name"] == "runlog"
    assert data["summary"]["findings"] == len(expected) == len(data["findings"])
    assert data["summary"]["error"] + data["summary"]["warning"] + data["summary"]["info"] == len(expected)
    first = data["findings"][0]
    assert set(first) == {"path", "line", "column", "code", "name", "severity", "message", "fingerprint"}
    assert [f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']} ({f['name']})" for f in data["findings"]] == expected
