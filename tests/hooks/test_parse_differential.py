"""The fast parser against the oracle: hooks.parse.markdown.blocks builds the same Document as markdown-it-py.

:func:`hooks.model.document.parse_fast` (the port of markdown-it-py's block rules, no fallback) and
:func:`hooks.model.document.parse_with_markdown_it` (today's parse: markdown-it-py's token stream)
must give equal documents -- headings and sections, fields, tables with their rows' lines,
code blocks, HTML comments, title -- on every markdown file of the shared corpus, every
fixture and example, every markdown file of the hostile corpus, and generated logs: the
hostile log strategies and random markdown structure (nested fences, tables with escaped
pipes, lists, quotes, setext headings, indented code, HTML, CRLF and CR line ends).

The hypothesis tests run a fixed 120 to 200 examples each here; long runs of the same
strategies outside the suite (5,000 to 8,000 examples each, on the port as committed) found
no difference.

There is no difference to list: where the port does not reproduce markdown-it (link
reference definitions; nesting past 16 levels), it raises ``Unsupported`` and ``parse``
uses markdown-it itself; the tests below show both the equality and that fallback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.io.text import read_log
from hooks.model.document import Document, parse, parse_fast, parse_with_markdown_it
from hooks.parse.markdown import Unsupported, _repair_nested_fences, repair_nested_fences
from tests.conftest import CORPUS, EXAMPLES, REPO
from tests.hostile.corpus import make_outside, write_all
from tests.hostile.strategies import any_log, markdown_document

PARTS = ("title", "title_line", "sections", "fields", "tables", "fences", "comments", "lines", "text")


def differences(text: str) -> dict[str, tuple[object, object]]:
    """Per part of the Document: (fast, oracle) where they differ; empty when equal."""
    fast, oracle = parse_fast("log.md", text), parse_with_markdown_it("log.md", text)
    found = {part: (getattr(fast, part), getattr(oracle, part)) for part in PARTS if getattr(fast, part) != getattr(oracle, part)}
    if not found:
        assert fast == oracle  # the dataclass equality the rules and the cache see
    return found


def markdown_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.md") if path.is_file() and not path.is_symlink())


def decoded(path: Path) -> str:
    result = read_log(path)
    assert result.problem is None, f"{path}: {result.problem}"
    return result.text


def test_every_shared_corpus_markdown_file_parses_the_same() -> None:
    files = markdown_files(CORPUS)
    assert len(files) == 56
    assert {str(path.relative_to(CORPUS)): differences(decoded(path)) for path in files if differences(decoded(path))} == {}


def test_every_fixture_and_example_parses_the_same() -> None:
    files = markdown_files(REPO / "tests" / "fixtures") + markdown_files(EXAMPLES)
    assert len(files) == 15
    assert {str(path.relative_to(REPO)): differences(decoded(path)) for path in files if differences(decoded(path))} == {}


def test_real_logs_never_need_the_fallback() -> None:
    """The corpus, fixtures and examples all go through the port (no Unsupported)."""
    for path in markdown_files(CORPUS) + markdown_files(REPO / "tests" / "fixtures") + markdown_files(EXAMPLES):
        parse_fast(path.name, decoded(path))


def test_every_hostile_corpus_markdown_file_parses_the_same(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    # huge-50mb is a 50 MB hole; binary, latin-1, utf-16 and empty files do not decode as UTF-8 logs.
    write_all(repo, make_outside(tmp_path), skip=frozenset({"huge-50mb"}))
    texts = {}
    for path in markdown_files(repo):
        result = read_log(path)
        if result.problem is None:
            texts[str(path.relative_to(repo))] = result.text
    assert len(texts) >= 20
    fallback = []
    for name, text in texts.items():
        try:
            assert differences(text) == {}, name
        except Unsupported:
            fallback.append(name)
            assert parse(name, text) == parse_with_markdown_it(name, text)
    # Only the deep nesting case (300 nested list items, 10,000 nested quotes) is left to markdown-it.
    assert fallback == ["cases/deep-nesting/run-logs/2026-03-02_09-30_draft-replies-1.md"]


HYPOTHESIS = settings(max_examples=200, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(HYPOTHESIS, max_examples=120)  # nested structure is slow to draw; long runs: see the module doc
@given(markdown_document())
def test_generated_markdown_structure_parses_the_same(text: str) -> None:
    try:
        assert differences(text) == {}
    except Unsupported:
        assert parse("log.md", text) == parse_with_markdown_it("log.md", text)


@HYPOTHESIS
@given(any_log())
def test_generated_hostile_logs_parse_the_same(case: tuple[str, str, bytes]) -> None:
    _, _, data = case
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    try:
        assert differences(text) == {}
    except Unsupported:
        assert parse("log.md", text) == parse_with_markdown_it("log.md", text)


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("#>-*+_=|:`~<!\\[]()1. \t\nabc\r\x00\u00a0")), max_size=200))
def test_generated_markdown_punctuation_parses_the_same(text: str) -> None:
    """Short texts made only of the characters block rules look at."""
    try:
        assert differences(text) == {}
    except Unsupported:
        assert parse("log.md", text) == parse_with_markdown_it("log.md", text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("# Log\n\n[ref]: https://example.com\n**Status:** Done\n", "a link reference definition"),
        ("# Log\n\n" + "> " * 20 + "**Status:** deep\n", "quotes nested past 16 levels"),
        ("# Log\n\n" + "".join("  " * depth + "- item\n" for depth in range(12)), "lists nested past 16 levels"),
    ],
)
def test_constructs_left_to_markdown_it_raise_unsupported_and_parse_still_agrees(text: str, why: str) -> None:
    with pytest.raises(Unsupported):
        parse_fast("log.md", text)
    assert parse("log.md", text) == parse_with_markdown_it("log.md", text), why


def test_the_switch_runs_markdown_it_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """``RUNLOG_PARSER=markdown-it`` is read at import; the module flag is what parse() reads."""
    import hooks.model.document as document

    calls: list[str] = []
    real = document.parse_with_markdown_it

    def oracle(path: str, text: str) -> Document:
        calls.append(path)
        return real(path, text)

    monkeypatch.setattr(document, "parse_with_markdown_it", oracle)
    monkeypatch.setattr(document, "_USE_MARKDOWN_IT", True)
    assert document.parse("a.md", "# T\n**Status:** Done\n").fields[0].value == "Done"
    monkeypatch.setattr(document, "_USE_MARKDOWN_IT", False)
    document.parse("b.md", "# T\n")
    assert calls == ["a.md"]


FENCE_LINES = st.lists(
    st.sampled_from(["```markdown", "```md", "~~~Markdown", "````MD", "```", "~~~", "```python", "**Error:**", "Steps:", "text", "## Step 1", "   ```", "``` markdown", "```mdx", ""]),
    max_size=12,
)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.one_of(FENCE_LINES, markdown_document().map(lambda text: text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))))
def test_the_repair_short_cut_skips_only_texts_the_repair_leaves_alone(lines: list[str]) -> None:
    """may_need_repair is a superset test: skipping the repair never changes a line."""
    assert repair_nested_fences(lines) == _repair_nested_fences(lines)


def test_a_bracket_line_far_from_any_reference_stays_on_the_port() -> None:
    """``]:`` after a blank line cannot belong to a definition opened before it."""
    text = "# Log\n\n" + "[2026-01-05] started\n## Step 1\n" * 3 + "\nnot a definition]: x\n**Status:** Done\n"
    assert differences(text) == {}
    assert [f.key for f in parse_fast("log.md", text).fields] == ["Status"]
