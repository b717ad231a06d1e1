"""The log holds an API key, a bearer token or an ``x-api-key`` header value.

What it does:
    Scans every line of the log, code blocks and HTML comments included, for Anthropic API
    keys (``sk-ant-...``), OpenAI API keys (``sk-...``, ``sk-proj-...``), ``Bearer`` tokens,
    bare JSON Web Tokens and ``x-api-key`` header values (patterns and their sources: :mod:`hooks.model.secrets`).
    The message names the kind of secret and where it is, never its value. Placeholders
    such as ``x-api-key: $ANTHROPIC_API_KEY`` are not reported.

Why it matters:
    Logs are committed to git and published as a site: a key in a log is a leaked key,
    readable by everyone with access to the repository or the site, and it stays in the
    git history after the line is deleted. ``runlog build`` redacts such values before
    publishing, but the repository still holds them.

Example:
    ``**Result:** curl -H "x-api-key: sk-ant-api03-..." returned 200``

How to fix:
    Revoke the key (it has been exposed), then replace it in the log with a placeholder
    such as ``$ANTHROPIC_API_KEY``. Remove it from the git history if the repository is
    shared.
"""

from __future__ import annotations

from collections.abc import Iterator

from hooks.finding import Severity
from hooks.model.document import Document
from hooks.model.secrets import find_secrets, secret_message
from hooks.rules.base import Context, Problem, Rule


def check(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Yield one problem per secret in the document text (its value never in the message)."""
    for secret in find_secrets(doc.text):
        yield Problem(secret.line, secret_message(secret.label), secret.column)


RULE = Rule(code="RL501", name="secret-in-log", severity=Severity.ERROR, doc=__doc__ or "", check=check)
