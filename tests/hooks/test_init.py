"""runlog init and runlog kind infer on generated folders of one invented convention."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.kinds.infer import Sample, infer_grammar, infer_name, infer_title
from hooks.model.document import parse
from tests.conftest import run_cli

OPERATORS = ["ana", "bo", "chidi"]
STATUSES = ["done", "partial", "aborted"]


def lab_note(number: int, rnd: random.Random, status: str | None = None, readings: bool = True) -> tuple[str, str]:
    """One log of the invented lab-notes convention: (file name, text)."""
    day = dt.date(2026, 5, 1) + dt.timedelta(days=number // 2)
    start = dt.datetime.combine(day, dt.time(8 + number % 9, (number * 7) % 60))
    goal = rnd.choice(["calibrate the arm", "re-run the drift test", "measure the gripper force"])
    lines = [
        f"# Cycle {number:02d}: {goal}", "",
        f"- operator: {OPERATORS[number % 3]}", f"- started: {start:%Y-%m-%d %H:%M}", f"- status: {status or STATUSES[number % 3]}", "",
        "## Goal", "", f"We {goal} after the {rnd.choice(['morning', 'noon'])} reset.", "",
    ]
    if readings:
        lines += ["## Readings", "", "| Sensor | Value | Unit |", "|---|---|---|"]
        lines += [f"| s{k} | {rnd.randint(1, 99)} | mm |" for k in range(rnd.randint(1, 4))]
        lines.append("")
    lines += ["## Outcome", "", rnd.choice(["Within tolerance.", "Drift of 2 mm, logged.", "Stopped early."]), ""]
    if number % 3 == 0:
        lines += ["## Follow-ups", "", "- order a new encoder", ""]
    return f"{day.isoformat()}_cycle-{number:02d}.md", "\n".join(lines)


def write_lab_notes(root: Path, count: int = 30, seed: int = 7) -> dict[str, Path]:
    """``count`` lab notes under root/lab-notes, three of them outliers, plus an INDEX.md.

    Returns the outliers by what is wrong with them.
    """
    rnd = random.Random(seed)
    folder = root / "lab-notes"
    folder.mkdir(parents=True)
    outliers: dict[str, Path] = {}
    names = []
    for number in range(1, count + 1):
        name, text = lab_note(number, rnd, status="exploded" if number == 11 else None, readings=number != 17)
        if number == 23:
            name = name.replace("_cycle-", "-cycle-")  # the name breaks the convention
            outliers["name"] = folder / name
        if number == 11:
            outliers["status"] = folder / name
        if number == 17:
            outliers["section"] = folder / name
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    (folder / "INDEX.md").write_text("# Index\n\n" + "\n".join(f"- [{n}]({n})" for n in names) + "\n", encoding="utf-8")
    return outliers


def observation(number: int, slug: str, status: str) -> str:
    """An observation file whose YAML front matter follows generated comment lines."""
    return (
        f"# generated: by obs-recorder 0.3\n# session: s-{number:03d}\n---\nid: OBS-{number}\n"
        f"observed: 2026-06-{number:02d}\nstatus: {status}\nseverity: {'high' if number % 2 else 'low'}\n---\n"
        f"# Observation {number}: {slug.replace('-', ' ')}\n\n## What happened\n\nThe agent retried {number} times.\n\n"
        "## Why it matters\n\nRetries cost tokens.\n"
    )


def findings_by_file(out: str) -> dict[str, list[str]]:
    data = json.loads(out)
    by_file: dict[str, list[str]] = {}
    for item in data["findings"]:
        by_file.setdefault(item["path"], []).append(item["code"])
    return by_file


def test_init_then_check_flags_exactly_the_three_outliers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    outliers = write_lab_notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["init", "--yes"], capsys)
    assert code == 0, out
    assert "lab-notes: 30 files (lab-notes/*.md)" in out
    assert "lab-notes/INDEX.md: its name is off the folder's convention" in out
    code, out, err = run_cli(["check", "--format", "json", "--no-cache"], capsys)
    assert code == 1
    flagged = findings_by_file(out)
    assert set(flagged) == {f"lab-notes/{p.name}" for p in outliers.values()}
    assert flagged[f"lab-notes/{outliers['name'].name}"] == ["RL101"]
    assert flagged[f"lab-notes/{outliers['status'].name}"] == ["RL104"]
    assert flagged[f"lab-notes/{outliers['section'].name}"] == ["RL105"]
    assert "Checked 30 files" in err


def test_init_writes_evidence_comments_and_a_loadable_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run_cli(["init", "--yes"], capsys)[0] == 0
    text = (tmp_path / ".runlog.yaml").read_text(encoding="utf-8")
    assert "# ## Readings: in 29 of 30 files" in text
    assert "# ## Follow-ups: in 10 of 30 files" in text
    assert "# status (header): in 30 of 30 files; few values recur: partial 10, done 10, aborted 9 of 30; 1 value seen once left out" in text
    config = load_config(None, tmp_path)
    kind = config.kinds[0]
    assert kind.name == "lab-notes" and kind.source == "runlog init"
    assert [s.title for s in kind.sections] == ["Goal", "Readings", "Outcome", "Follow-ups"]
    assert [s.required for s in kind.sections] == [True, True, True, False]
    assert kind.sections[1].columns == ("Sensor", "Value", "Unit")
    assert {f.name: (f.grammar, f.enum) for f in kind.fields} == {
        "operator": ("any", ("bo", "chidi", "ana")),
        "started": ("datetime-minute", ()),
        "status": ("any", ("partial", "done", "aborted")),
    }
    assert kind.options == {"started-field": "started"}
    assert kind.filename is not None and kind.filename.pattern == r"(?P<date>\d{4}-\d{2}-\d{2})_cycle-(?P<n>\d+)\.md"
    assert kind.exclude[-1] == "lab-notes/INDEX.md"


def test_init_is_idempotent_and_never_overwrites_a_hand_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run_cli(["init", "--yes"], capsys)[0] == 0
    config = tmp_path / ".runlog.yaml"
    first = config.read_bytes()
    code, out, _ = run_cli(["init", "--yes"], capsys)
    assert code == 0 and "up to date" in out
    assert config.read_bytes() == first
    edited = first.decode().replace("required: false", "required: true") + "exclude: ['**/drafts/**']\n"
    config.write_text(edited, encoding="utf-8")
    code, _, err = run_cli(["init", "--yes"], capsys)
    assert code == 1 and "edited by hand" in err
    assert config.read_text(encoding="utf-8") == edited
    code, _, _ = run_cli(["init", "--yes", "--force"], capsys)
    assert code == 0
    forced = config.read_text(encoding="utf-8")
    assert "exclude: ['**/drafts/**']" in forced  # the person's own key stays
    assert forced.count("name: lab-notes") == 1  # the inferred kind is replaced, not added twice
    assert run_cli(["init", "--yes"], capsys)[0] == 0  # written by init again: owned


def test_dry_run_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path, count=6)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["init", "--dry-run"], capsys)
    assert code == 0
    assert "# .runlog.yaml (not written: --dry-run)" in out and "name: lab-notes" in out
    assert not (tmp_path / ".runlog.yaml").exists()


def test_a_hidden_agent_folder_is_surveyed_and_front_matter_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / ".claude" / "projects" / "demo" / "observations"
    folder.mkdir(parents=True)
    slugs = ["retry-storm", "stale-cache", "slow-tool", "lost-context", "double-send", "silent-fail", "token-spike"]
    for number, slug in enumerate(slugs, 1):
        (folder / f"OBS-{number}-{slug}.md").write_text(observation(number, slug, "open" if number % 3 else "closed"), encoding="utf-8")
    broken = observation(8, "no-status", "open").replace("status: open\n", "")
    (folder / "OBS-8-no-status.md").write_text(broken, encoding="utf-8")
    venv = tmp_path / "env"
    (venv / "lib").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    for number in range(3):
        (venv / "lib" / f"2026-01-0{number + 1}_note.md").write_text("# x\n\n## y\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["init", "--yes"], capsys)
    assert code == 0
    assert "observations: 8 files (.claude/projects/demo/observations/*.md)" in out
    assert "env (virtual environment)" in out
    kind = load_config(None, tmp_path).kinds[0]
    assert [f.name for f in kind.fields][:3] == ["id", "observed", "status"]
    assert kind.filename is not None and kind.filename.fullmatch("OBS-12-new-thing.md")
    code, out, _ = run_cli(["check", "--format", "json", "--no-cache"], capsys)
    assert findings_by_file(out) == {".claude/projects/demo/observations/OBS-8-no-status.md": ["RL103"]}


def test_kind_infer_prints_what_init_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path, count=9)
    monkeypatch.chdir(tmp_path)
    files = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "lab-notes").glob("*_cycle-*.md"))
    code, out, _ = run_cli(["kind", "infer", *files], capsys)
    assert code == 0
    assert out.startswith("name: lab-notes\n")
    assert "paths: [lab-notes/*.md]  # 9 files" in out
    code, _, err = run_cli(["kind", "infer", "missing.md"], capsys)
    assert code == 2 and err.strip() == "runlog: missing.md: no such file"
    code, out, _ = run_cli(["kind", "from-template", str(Path(__file__).parents[2].parent / "shared" / "specs" / "run-log-template.md")], capsys)
    assert code == 0 and "name: run-log" in out


def test_name_title_and_grammar_inference() -> None:
    names = [f"2026-03-{d:02d}_agent{n:02d}.md" for d, n in [(1, 1), (2, 7), (3, 12), (4, 3)]] + ["INDEX.md"]
    convention = infer_name(names)
    assert convention.regex == r"(?P<date>\d{4}-\d{2}-\d{2})_agent(?P<n>\d+)\.md" and convention.matching == 4
    persona = ["2026-03-04T1430-fix-login.md", "2026-03-05T0915-write-tests.md", "2026-03-07T1100-triage.md"]
    assert infer_name(persona).regex == r"(?P<date>\d{4}-\d{2}-\d{2})T\d{4}-(?P<slug>[a-z]+(?:[-_.][a-z]+)*)\.md"
    phases = ["PHASE1_EXECUTION_LOG.md", "PHASE2_EXECUTION_LOG.md", "PHASE10_EXECUTION_LOG.md"]
    assert infer_name(phases).regex == r"PHASE(?P<n>\d+)_EXECUTION_LOG\.md"
    assert infer_title(["Run Log: A", "Run Log: B b", "run log: c", "Run Log:d", "Other"]).regex == r"Run Log:\s*.+"
    assert infer_title(["フェーズ1 実行ログ", "フェーズ2 実行ログ", "フェーズ3 実行ログ"]).regex == r"フェーズ\d+ 実行ログ"
    assert infer_title(["準備 実行ログ", "移行 実行ログ", "検証 実行ログ"]).regex == r".+?\s*実行ログ"
    assert infer_grammar(["2026-01-02", "2026-01-03", "2026-02-30"]).key == "pattern"  # 2 of 3 real dates
    assert infer_grammar(["12", "7", "1,200", "3"]).value == "integer"
    assert infer_grammar(["1.5", "2", "0.25"]).value == r"-?\d+(?:[.,]\d+)?$"
    assert infer_grammar(["fixed the bug", "wrote tests", "refactor", "docs"]).key == ""
    assert infer_grammar(["open", "open", "closed", "closed", "open", "wontfix"]).value == ["open", "closed"]


def test_front_matter_after_comment_lines_is_read_as_fields() -> None:
    doc = parse("x.md", observation(3, "slow-tool", "open"))
    assert [(f.key, f.value, f.line) for f in doc.header_fields] == [
        ("id", "OBS-3", 4), ("observed", "2026-06-03", 5), ("status", "open", 6), ("severity", "high", 7),
    ]
    assert doc.title == "Observation 3: slow tool"
    assert [s.title for s in doc.sections if s.level == 2] == ["What happened", "Why it matters"]
    plain_rule = parse("y.md", "# Title\n---\n## Part\nsome text: here\n---\n")
    assert plain_rule.title == "Title" and plain_rule.fields == ()


def test_samples_are_what_infer_reads() -> None:
    rnd = random.Random(1)
    samples = [Sample(f"n/{name}", parse(name, text)) for name, text in (lab_note(i, rnd) for i in range(1, 7))]
    assert samples[0].name == "2026-05-01_cycle-01.md"


def test_pyproject_gets_tool_runlog_and_the_kinds_go_to_kind_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path, count=18)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "team"\n\n[tool.ruff]\nline-length = 100\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["init", "--yes", "--pyproject"], capsys)
    assert code == 0, err
    text = pyproject.read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "team"\n\n[tool.ruff]\nline-length = 100\n\n[tool.runlog]\n')
    assert 'kinds = [".runlog/kinds/lab-notes.yaml"]' in text
    assert "# ## Readings: in 17 of 18 files" in (tmp_path / ".runlog" / "kinds" / "lab-notes.yaml").read_text(encoding="utf-8")
    assert run_cli(["check", "--no-cache"], capsys)[1].splitlines()[-1] == "Checked 18 files: 2 errors."
    code, out, _ = run_cli(["init", "--yes", "--pyproject"], capsys)
    assert code == 0 and "up to date" in out


def test_a_hand_written_tool_runlog_is_changed_only_with_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path, count=9)
    pyproject = tmp_path / "pyproject.toml"
    written = '[tool.runlog]\nexclude = ["**/drafts/**"]\n\n[tool.runlog.rules]\nRL106 = "off"\n'
    pyproject.write_text(written, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["init", "--yes", "--pyproject"], capsys)
    assert code == 1 and "edited by hand" in err and pyproject.read_text(encoding="utf-8") == written
    code, _, err = run_cli(["init", "--yes", "--pyproject", "--force"], capsys)
    assert code == 0, err
    assert pyproject.read_text(encoding="utf-8") == (
        '[tool.runlog]\nkinds = [".runlog/kinds/lab-notes.yaml"]\nexclude = ["**/drafts/**"]\n\n[tool.runlog.rules]\nRL106 = "off"\n'
    )
    code, _, err = run_cli(["init", "--yes"], capsys)
    assert code == 2 and "run runlog init --pyproject" in err


def agent_cycle(number: int, day: str, intent: str) -> str:
    """An agent cycle log: sections holding ``- key: value`` bullets (issue 13's first folder)."""
    return (
        f"# Agent cycle {number}\n\n## Agent\n\n- name: agent{number:02d}\n- model: {'sonnet' if number % 2 else 'haiku'}\n\n"
        f"## Timestamp (Pacific)\n\n- date: {day}\n- time: {9 + number % 8:02d}:15\n\n## Intent\n\n{intent}\n\n"
        "## Log\n\n- step: read the queue\n- step: answered 3 tickets\n"
    )


def test_section_fields_sibling_folders_and_japanese_headings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    agents = tmp_path / "agent_logs"
    agents.mkdir()
    for number in range(1, 9):
        day = f"2026-03-{number + 3:02d}"
        (agents / f"{day}_agent{number:02d}.md").write_text(agent_cycle(number, day, f"Clear queue {number}."), encoding="utf-8")
    (agents / "INDEX.md").write_text("# Index\n\n- [first](2026-03-04_agent01.md)\n", encoding="utf-8")
    (agents / "current.md").write_text("# Current cycle\n\nagent03 is running.\n", encoding="utf-8")
    for persona, slugs in {"ada": ["fix-login", "add-tests"], "bob": ["triage", "write-docs"], "cy": ["release", "retro"]}.items():
        folder = tmp_path / "work" / "reports" / "logs" / persona
        folder.mkdir(parents=True)
        for index, slug in enumerate(slugs):
            status = "done" if index else "blocked"
            (folder / f"2026-04-0{index + 1}T1{index}30-{slug}.md").write_text(
                f"# {slug}\n\n**Agent:** {persona}\n**Date:** 2026-04-0{index + 1}\n**Status:** {status}\n\n## Notes\n\nWorked on {slug}.\n", encoding="utf-8"
            )
    phases = tmp_path / "docs" / "archive" / "phases"
    phases.mkdir(parents=True)
    for number in range(1, 5):
        (phases / f"PHASE{number}_EXECUTION_LOG.md").write_text(
            f"# フェーズ{number} 実行ログ\n\n## 概要\n\n作業{number}。\n\n## 実施内容\n\n- 手順{number}\n\n## 結果\n\n完了\n", encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["init", "--yes"], capsys)
    assert code == 0, out
    assert "agent-logs: 8 files (agent_logs/*.md)" in out
    assert "logs: 6 files (work/reports/logs/*/*.md)" in out
    assert "phases: 4 files (docs/archive/phases/*.md)" in out
    assert "agent_logs/INDEX.md: its name is off the folder's convention" in out and "agent_logs/current.md" in out
    kinds = {k.name: k for k in load_config(None, tmp_path).kinds if k.source == "runlog init"}
    agent = kinds["agent-logs"]
    by_name = {f.name: f for f in agent.fields}
    assert by_name["date"].section is not None and by_name["date"].section.pattern == r"Timestamp \(Pacific\)"
    assert by_name["date"].grammar == "date" and by_name["time"].grammar == "time"
    assert by_name["model"].enum == ("sonnet", "haiku")
    assert agent.options == {"started-field": "date"}
    assert [s.title for s in agent.sections] == ["Agent", "Timestamp (Pacific)", "Intent", "Log"]
    logs = kinds["logs"]
    assert logs.filename is not None and logs.filename.pattern == r"(?P<date>\d{4}-\d{2}-\d{2})T\d{4}-(?P<slug>[a-z]+(?:[-_.][a-z]+)*)\.md"
    assert [f.name for f in logs.fields] == ["Agent", "Date", "Status"]
    assert logs.options == {"started-field": "Date"}
    assert [s.title for s in kinds["phases"].sections] == ["概要", "実施内容", "結果"]
    assert kinds["phases"].title is not None and kinds["phases"].title.pattern == r"フェーズ\d+ 実行ログ"
    code, out, _ = run_cli(["check", "--no-cache"], capsys)
    assert code == 0, out
    assert out == "Checked 18 files: no findings.\n"


def test_force_keeps_the_teams_own_kind_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_lab_notes(tmp_path, count=9)
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "memo.yaml").write_text("name: memo\npaths: ['memos/*.md']\ntitle: 'Memo: .+'\n", encoding="utf-8")
    config = tmp_path / ".runlog.yaml"
    config.write_text("# our own\nkinds: [team/memo.yaml]   # memos\nrules: {RL106: off}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli(["init", "--yes"], capsys)[0] == 1
    code, _, err = run_cli(["init", "--yes", "--force"], capsys)
    assert code == 0, err
    text = config.read_text(encoding="utf-8")
    assert "# our own" in text and "- team/memo.yaml" in text and "RL106: off" in text
    assert [k.name for k in load_config(None, tmp_path).kinds][:2] == ["memo", "lab-notes"]
