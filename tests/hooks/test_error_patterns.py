"""Template mining of error occurrences (hooks/model/error_patterns.py) on generated run-log folders:
recurring templates with numbers, ids and paths varying are recovered, one-off errors stay
apart, and the order of files or occurrences changes nothing."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

import pytest

from hooks.config.loader import load_config
from hooks.engine.patterns import find_patterns
from hooks.model.error_patterns import Occurrence, clean, is_template, mask, mine_patterns, slots_and_words
from tests.conftest import run_cli

#: (signature the miner must recover, how each occurrence's message is written).
TEMPLATES = (
    ("TimeoutError: fetch_threads took longer than <*>", lambda r: f"TimeoutError: fetch_threads took longer than {r.randint(20, 90)} s"),
    ("Could not read <*>: permission denied", lambda r: f"Could not read /srv/exports/batch-{r.randint(1, 999)}/threads.json: permission denied"),
    ("KeyError: <*> in template <*>", lambda r: f"KeyError: '{r.choice(['first_name', 'company', 'title'])}' in template intro-{r.randint(1, 60)}"),
    ("HTTP <*> Too Many Requests for campaign <*>", lambda r: f"HTTP 429 Too Many Requests for campaign cmp-{r.randint(100, 999)}"),
    ("Upload of run <*> rejected by <*>", lambda r: f"Upload of run {uuid.UUID(int=r.getrandbits(128))} rejected by https://api.example.invalid/v{r.randint(1, 3)}/runs"),
    ("Cache entry <*> is stale after <*>", lambda r: f"Cache entry {r.getrandbits(64):016x} is stale after {r.randint(2, 40)}ms"),
)
#: Unrelated errors, each written once: none may join another or a template.
ONE_OFFS = (
    "ValueError: invalid literal for int() with base 10: 'abc'",
    "ValueError: math domain error",
    "ValueError: too many values to unpack",
    "Disk quota exceeded on the shared runner",
    "Playbook has no answer for pricing questions",
    "Reply draft was written in the wrong language",
)


def _run_log(day: int, number: int, rows: list[str]) -> str:
    lines = [
        "# Run Log: Review Tagged",
        f"**Started:** 2026-03-{day:02d} 09:{number % 60:02d}",
        "**Mode:** 1",
        "**Status:** Completed",
        "",
        "## Step 1: Fetch tagged conversations",
        "**Time:** 09:05",
        "**Action:** Fetch the queue",
        "**Result:** 12 conversations returned",
        "",
        "## Errors Encountered",
        "| Time | Error | Context | Resolution |",
        "|------|-------|---------|------------|",
    ]
    lines += [f"| 09:{10 + i:02d} | `{message}` | Working the queue | Retried |" for i, message in enumerate(rows)] or ["| - | None | - | - |"]
    return "\n".join(lines) + "\n"


def generate(root: Path, seed: int, order_seed: int) -> dict[str, int]:
    """Write a folder of run logs whose error rows are 5 occurrences of each template and one
    of each one-off; ``order_seed`` permutes which file gets which row. Returns the expected
    signature -> count."""
    rng = random.Random(seed)
    messages = [(signature, make(rng)) for signature, make in TEMPLATES for _ in range(5)]
    messages += [(text, text) for text in ONE_OFFS]
    random.Random(order_seed).shuffle(messages)
    folder = root / "training" / "run-logs"
    folder.mkdir(parents=True)
    per_log = 3
    for index in range(0, len(messages), per_log):
        number = index // per_log + 1
        rows = [m for _, m in messages[index : index + per_log]]
        (folder / f"2026-03-{number:02d}_09-00_review-tagged-{number}.md").write_text(_run_log(number, number, rows), encoding="utf-8")
    (folder / "2026-03-28_09-00_review-tagged-99.md").write_text(_run_log(28, 99, []), encoding="utf-8")
    expected: dict[str, int] = {}
    for signature, _ in messages:
        expected[signature] = expected.get(signature, 0) + 1
    return expected


def _found(root: Path) -> dict[str, int]:
    patterns, _ = find_patterns([str(root)], load_config(None, root), root)
    return {p.signature: p.count for p in patterns}


def test_generated_folder_templates_recovered_and_one_offs_apart(tmp_path: Path) -> None:
    expected = generate(tmp_path, seed=3, order_seed=1)
    found = _found(tmp_path)
    assert found == expected
    assert sum(1 for count in found.values() if count == 1) == len(ONE_OFFS)


def test_shuffling_which_file_holds_which_error_changes_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    expected = generate(first, seed=5, order_seed=1)
    assert generate(second, seed=5, order_seed=2) == expected
    assert _found(first) == _found(second) == expected


def test_occurrence_order_does_not_change_patterns() -> None:
    rng = random.Random(11)
    occurrences = [Occurrence(f"logs/{i:03d}.md", 12 + i % 4, f"2026-04-{1 + i % 28:02d}", make(rng)) for i, (_, make) in enumerate(TEMPLATES * 6)]
    occurrences += [Occurrence(f"logs/one-{i}.md", 3, None, text) for i, text in enumerate(ONE_OFFS)]
    reference = mine_patterns(occurrences)
    for seed in range(5):
        shuffled = list(occurrences)
        random.Random(seed).shuffle(shuffled)
        assert mine_patterns(shuffled) == reference
    assert [p.count for p in reference] == [6] * len(TEMPLATES) + [1] * len(ONE_OFFS)


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        ("Timed out after 3.5 s on 2026-01-03 14:41", "Timed out after <*> on <*>"),
        ("Commit 9f3c2ab1 broke /home/ci/work/app/main.py", "Commit <*> broke <*>"),
        ("GET https://api.example.invalid/v2/items?id=7 returned 503", "GET <*> returned <*>"),
        ("Run 6f1d0b6e-2a41-4b1a-9c3e-0d5e8c1f7a22 failed", "Run <*> failed"),
        ("unknown tag 'Hot Lead' on lead l-4711", "unknown tag <*> on lead <*>"),
        ("Response was 597.3KB, limit 256KB", "Response was <*>, limit <*>"),
        ("No such tool available: mcp__heyreach__get_chatroom", "No such tool available: mcp__heyreach__get_chatroom"),
    ],
)
def test_mask_turns_variable_parts_into_slots(message: str, masked: str) -> None:
    assert mask(clean(message)) == masked


def test_clean_drops_markup_cited_ids_and_category() -> None:
    assert clean('MCP_ERROR: "No such tool available: mcp__heyreach__send_message" (ERR-001)') == "No such tool available: mcp__heyreach__send_message"
    assert clean("`KeyError: 'x'` **again**, see ERR-20260111-001") == "KeyError: 'x' again, see"
    assert clean("ERR-003: MCP tools not exposed") == "MCP tools not exposed"


def test_one_off_rule_counts_slots_against_constant_words() -> None:
    assert slots_and_words("ValueError: <*> <*> with <*>") == (3, 2)
    assert not is_template("ValueError: <*> <*> with <*>")
    assert is_template("No such tool available: <*>")
    assert not is_template("<*>")
    # two unrelated ValueErrors of one length sharing a word stay apart: Drain would make
    # "ValueError: <*> <*> <*>" of them, which has more slots than words
    apart = mine_patterns([Occurrence("a.md", 1, None, "ValueError: bad checksum value"), Occurrence("b.md", 1, None, "ValueError: empty header row")])
    assert sorted(p.signature for p in apart) == ["ValueError: bad checksum value", "ValueError: empty header row"]


def test_an_occurrence_citing_a_registered_id_joins_that_entry_pattern() -> None:
    entry = Occurrence("error-registry.md", 40, "2026-01-03", "No such tool available: mcp__heyreach__get_chatroom", ("ERR-004",), "registry-entry", registry_id="ERR-004")
    citing = Occurrence("run-logs/a.md", 19, "2026-01-05T10:00", "Session lost its tools again", ("ERR-004",))
    unknown = Occurrence("run-logs/b.md", 19, "2026-01-06", "Session lost its tools again", ("ERR-099",))
    patterns = {p.signature: p for p in mine_patterns([entry, citing, unknown])}
    joined = patterns["No such tool available: mcp__heyreach__get_chatroom"]
    assert joined.occurrences == (entry, citing)
    assert joined.registry_ids == ("ERR-004",) and joined.registered == {"ERR-004"}
    assert joined.logs == 1 and joined.first_seen == "2026-01-03" and joined.last_seen == "2026-01-05T10:00"
    alone = patterns["Session lost its tools again"]
    assert alone.occurrences == (unknown,) and alone.registry_ids == ("ERR-099",) and not alone.registered


def test_cli_json_shape_lines_and_timestamps(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    generate(tmp_path, seed=3, order_seed=1)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["patterns", ".", "--format", "json", "--min-count", "5"], capsys)
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["patterns"]
    assert len(data["patterns"]) == len(TEMPLATES)
    for pattern in data["patterns"]:
        assert list(pattern) == ["signature", "count", "logs", "first_seen", "last_seen", "registry_ids", "occurrences"]
        assert pattern["count"] == 5 and pattern["registry_ids"] == []
        for occurrence in pattern["occurrences"]:
            assert list(occurrence) == ["path", "line", "timestamp", "message"]
            lines = Path(occurrence["path"]).read_text(encoding="utf-8").splitlines()
            row = lines[occurrence["line"] - 1]
            assert row.startswith("| 09:") and occurrence["message"] in row
            assert occurrence["timestamp"] == f"{occurrence['path'][18:28]}T{row[2:7]}"


def test_drain_turns_a_name_in_a_fixed_position_into_a_slot() -> None:
    """Masking alone leaves names without digits as they are; Drain merges messages that differ
    only there (the contribution of drain3 over plain masking)."""
    tools = ("get_chatroom", "send_message", "get_all_campaigns")
    users = ("alice", "bob", "carol")
    occurrences = [Occurrence(f"logs/t{i}.md", 9, None, f"No such tool available: mcp__heyreach__{t}") for i, t in enumerate(tools)]
    occurrences += [Occurrence(f"logs/u{i}.md", 9, None, f"Permission denied for user {u} on the send queue") for i, u in enumerate(users)]
    assert len({mask(clean(o.message)) for o in occurrences}) == 6
    assert [(p.signature, p.count) for p in mine_patterns(occurrences)] == [
        ("No such tool available: <*>", 3),
        ("Permission denied for user <*> on the send queue", 3),
    ]
