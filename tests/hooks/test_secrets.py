"""hooks.model.secrets and rule RL501: secrets are found, located, redacted, and never echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.model.secrets import find_secrets, redact
from tests.conftest import TODAY, run_cli

ANTHROPIC = "sk-ant-api03-" + "Rk3mQ9vL2xTz8WbN4pYc7HdJ1fGs6AeU0oKi5"
OPENAI = "sk-proj-" + "Mn4Bv8Cx2Zl6Kj0Hg3Fd7Sa1Qw9Er5Ty"
BEARER = "tok_" + "9a8b7c6d5e4f3a2b1c0d"
HEADER = "key" + "1234567890abcdef"


def test_each_kind_of_secret_is_found_where_it_is() -> None:
    text = f"intro\nkey={ANTHROPIC}\n  {OPENAI}\nAuthorization: Bearer {BEARER}\ncurl -H 'x-api-key: {HEADER}'\n"
    found = find_secrets(text)
    assert [(s.line, s.label) for s in found] == [
        (2, "anthropic-api-key"), (3, "openai-api-key"), (4, "bearer-token"), (5, "api-key-header"),
    ]
    assert found[0].column == 5 and found[1].column == 3


@pytest.mark.parametrize("text", [
    "x-api-key: $ANTHROPIC_API_KEY",
    "x-api-key: ${API_KEY}",
    "x-api-key: <your-key>",
    "x-api-key: XXXXXXXXXX",
    "We use a Bearer token from the vault.",
    "sk-learn is a library; the task-runner ran.",
    "Authorization: Bearer ${TOKEN}",
])
def test_placeholders_and_prose_are_not_secrets(text: str) -> None:
    assert find_secrets(text) == []
    assert redact(text) == text


def test_redact_keeps_the_context_and_drops_the_value() -> None:
    text = f"Authorization: Bearer {BEARER} and {ANTHROPIC}"
    redacted = redact(text)
    assert redacted == "Authorization: Bearer [REDACTED:bearer-token] and [REDACTED:anthropic-api-key]"
    assert redact(f"cut {ANTHROPIC[:12]}…", loose=True) == "cut [REDACTED]…"


def test_rl501_reports_secrets_without_their_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs = tmp_path / "run-logs"
    logs.mkdir()
    (logs / f"{TODAY.isoformat()}_10-00_process-1.md").write_text(
        f"# Run Log: Process\n**Started:** {TODAY.isoformat()} 10:00\n**Mode:** 4\n**Status:** Completed\n\n"
        f"```bash\nexport ANTHROPIC_API_KEY={ANTHROPIC}\n```\n\n<!-- {OPENAI} -->\n",
        encoding="utf-8",
    )
    code, out, _err = run_cli(["check", str(tmp_path)], capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if "RL501" in line]
    assert len(lines) == 2
    assert ":7:" in lines[0] and "Anthropic" in lines[0]
    assert ":10:" in lines[1] and "OpenAI" in lines[1]
    assert ANTHROPIC[:12] not in "\n".join(lines) and OPENAI[:12] not in "\n".join(lines)
