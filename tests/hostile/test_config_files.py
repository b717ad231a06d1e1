"""Hostile configuration files: every command that reads the configuration stops with one
line naming the file (and the line where one is known), exit 2, no traceback.

``runlog rules`` and ``runlog config-schema`` describe runlog itself and read no
configuration, so they are not listed here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import corpus
from tests.hostile.harness import assert_well_behaved, run_in

_BOMB_FLOW = "[&a [x,x,x,x,x,x,x,x,x], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a], &c [*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c], &e [*d,*d,*d,*d,*d,*d,*d,*d,*d], &f [*e,*e,*e,*e,*e,*e,*e,*e,*e], &g [*f,*f,*f,*f,*f,*f,*f,*f,*f], &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]]"

#: name: (file name, content, expected line or None when the parser gives none).
CONFIGS: dict[str, tuple[str, str | bytes, int | None]] = {
    "yaml-malformed": (".runlog.yaml", "exclude: []\nrules: [\n  RL101: off\n", 4),
    "yaml-tab-indent": (".runlog.yaml", "rules:\n\tRL101: off\n", 2),
    "yaml-alias-bomb-kind-overrides": (".runlog.yaml", "kind-overrides:\n  run-log:\n    options:\n      " + corpus._alias_bomb().replace("\n", "\n      ") + "\n", None),
    "yaml-alias-bomb-exclude": (".runlog.yaml", f"exclude: {_BOMB_FLOW}\n", None),
    "yaml-alias-bomb-retention": (".runlog.yaml", f"retention:\n  archive-folders: {_BOMB_FLOW}\n", None),
    "yaml-python-object": (".runlog.yaml", "rules: !!python/object/apply:os.system ['touch PWNED-BY-YAML']\n", 1),
    "yaml-python-name": (".runlog.yaml", "exclude: [!!python/name:os.system ]\n", 1),
    "yaml-5000-digit-number": (".runlog.yaml", f"exclude: []\nmax-file-bytes: {corpus.BIG}\n", 2),
    "yaml-5000-digit-severity": (".runlog.yaml", f"rules:\n  RL101: {corpus.BIG}\n", 2),
    "yaml-deep-nesting": (".runlog.yaml", "exclude: " + "[" * 5000 + "]" * 5000 + "\n", 1),
    "yaml-wrong-type": (".runlog.yaml", "max-file-bytes: big\n", 1),
    "yaml-wrong-type-rules": (".runlog.yaml", "rules: [RL101]\n", 1),
    "yaml-unknown-key": (".runlog.yaml", "rules: {}\ncolour: red\n", 2),
    "yaml-unknown-rule-with-escape": (".runlog.yaml", 'rules:\n  "\\e[31mRL101\\u2028": off\n', 2),
    "yaml-latin-1": (".runlog.yaml", "exclude: ['caf\xe9']\n".encode("latin-1"), None),
    "yaml-binary": (".runlog.yaml", b"\x00\x01\x02\xff", None),
    "yaml-not-a-mapping": (".runlog.yaml", "- a\n- b\n", 1),
    "yaml-duplicate-key": (".runlog.yaml", "rules: {}\nrules: {}\n", 2),
    "toml-malformed": ("pyproject.toml", "[project]\nname = 'x'\n[tool.runlog\nrules = 1\n", 3),
    "toml-5000-digit-number": ("pyproject.toml", f"[tool.runlog]\nmax-file-bytes = {corpus.BIG}\n", None),
    "toml-deep-nesting": ("pyproject.toml", "[tool.runlog]\nexclude = " + "[" * 5000 + "]" * 5000 + "\n", None),
    "toml-wrong-type": ("pyproject.toml", "[tool.runlog]\nrules = 5\n", 2),
    "toml-unknown-key": ("pyproject.toml", "[tool.runlog]\ncolour = 'red'\n", 2),
    "toml-latin-1": ("pyproject.toml", "[tool.runlog]\nexclude = ['caf\xe9']\n".encode("latin-1"), None),
}

#: Every command that reads the configuration, with arguments that would otherwise work.
COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--no-cache", "-j", "1", "."],
    "fix": ["fix", "."],
    "stats": ["stats", "."],
    "prune": ["prune", "."],
    "new": ["new", "run-log", "--mode", "draft-replies", "--now", "2026-03-02 09:30"],
    "init": ["init", "--yes"],
    "build": ["build", ".", "--site-dir", "../site", "--quiet"],
    "serve": ["serve", ".", "--dev-addr", "127.0.0.1:9", "--site-dir", "../site"],
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_a_bad_configuration_is_one_line_naming_file_and_line(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    file_name, content, line = CONFIGS[name]
    repo = corpus.make_repo(tmp_path, git=False)
    (repo / file_name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    corpus.write_case("utf-8-bom", repo, tmp_path)
    for command, argv in COMMANDS.items():
        code, out, err = run_in(repo, argv, capsys, monkeypatch)
        assert_well_behaved(code, out, err, 0, allowed=(2,))
        assert len(err.splitlines()) == 1, (command, err)
        where = f"{repo / file_name}:{line}: " if line is not None else f"{repo / file_name}:"
        assert err.startswith(f"runlog: {where}"), (command, err)
    assert not (repo / "PWNED-BY-YAML").exists()
    assert not (tmp_path / "site").exists()


def test_guard_reads_the_configuration_too(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = corpus.make_repo(tmp_path, git=True)
    corpus.write_case("utf-8-bom", repo, tmp_path)
    corpus.commit_all(repo)
    (repo / ".runlog.yaml").write_text(CONFIGS["yaml-alias-bomb-exclude"][1], encoding="utf-8")  # type: ignore[arg-type]
    monkeypatch.chdir(repo)
    import subprocess

    subprocess.run(["git", "rm", "-q", "-r", "run-logs"], cwd=repo, check=True)
    code, out, err = run_in(repo, ["guard"], capsys, monkeypatch)
    assert_well_behaved(code, out, err, 0, allowed=(2,))
    assert err.startswith(f"runlog: {repo / '.runlog.yaml'}: YAML expands to more than")


def test_kind_and_price_files_named_by_the_configuration_are_checked_alike(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = corpus.make_repo(tmp_path, git=False)
    (repo / "team-kind.yaml").write_text(f"name: run-log\nfields: {_BOMB_FLOW}\n", encoding="utf-8")
    (repo / "prices.yaml").write_text(f"- model: x\n  input: {corpus.BIG}\n", encoding="utf-8")
    for config, bad in (("kinds: [team-kind.yaml]\n", "team-kind.yaml"), ("prices: prices.yaml\n", "prices.yaml")):
        (repo / ".runlog.yaml").write_text(config, encoding="utf-8")
        code, out, err = run_in(repo, ["check", "--no-cache", "-j", "1", "."], capsys, monkeypatch)
        assert_well_behaved(code, out, err, 0, allowed=(2,))
        assert err.startswith(f"runlog: {repo / bad}"), err
