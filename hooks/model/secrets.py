"""Secrets in log text: API keys and bearer tokens, found and redacted.

Agents paste terminal output and HTTP traces into their logs, so a log may hold a live
credential. :func:`find_secrets` reports where (never the value), :func:`redact` replaces
each value with a marker such as ``[REDACTED:anthropic-api-key]``. The site builder redacts
every string it publishes; rule RL501 reports each secret as a finding.

Patterns (sources: Anthropic's console issues keys as ``sk-ant-api03-...`` and
``sk-ant-admin01-...``; OpenAI's API reference shows ``sk-...``, project keys
``sk-proj-...`` and service-account keys ``sk-svcacct-...``; RFC 6750 section 2.1 defines
``Authorization: Bearer <token>``; ``x-api-key`` is the header of Anthropic's Messages API):

- ``anthropic-api-key``: ``sk-ant-`` followed by 20 or more ``[A-Za-z0-9_-]``.
- ``openai-api-key``: ``sk-`` (optionally ``proj-``, ``svcacct-``, ``admin-``) followed by
  20 or more ``[A-Za-z0-9_-]`` with at least one digit.
- ``bearer-token``: ``Bearer`` then a token of 16 or more RFC 6750 ``b64token`` characters
  holding at least one digit.
- ``api-key-header``: ``x-api-key`` then ``:`` or ``=`` and a value of 8 or more characters;
  placeholders (``$VAR``, ``${VAR}``, ``<key>``, ``{{key}}``, ``XXXX``, ``***``) are not secrets.
- ``jwt``: a JSON Web Token written bare (RFC 7519: three base64url parts, the first two
  JSON objects, so both start ``eyJ``), as bearer tokens usually are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ANTHROPIC = r"sk-ant-[A-Za-z0-9_-]{20,}"
_OPENAI = r"sk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}"
_BEARER = r"(?i:bearer)[ \t]+(?P<bearer>(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{16,}=*)"
_HEADER = r"(?i:x-api-key)[\"']?[ \t]*[:=][ \t]*[\"']?(?P<header>[^\s\"'`,;)<>]{8,})"

_JWT = r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"

_PATTERN = re.compile(
    rf"(?P<anthropic>(?<![A-Za-z0-9_-]){_ANTHROPIC})"
    rf"|(?P<openai>(?<![A-Za-z0-9_-]){_OPENAI})"
    rf"|{_BEARER}"
    rf"|(?P<jwt>(?<![A-Za-z0-9_-]){_JWT})"
    rf"|{_HEADER}"
)
#: Looser shape for text cut short elsewhere (a finding message truncated mid-key).
_FRAGMENT = re.compile(r"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{6,}")
_PLACEHOLDER = re.compile(r"^(?:\$.*|\{\{.*|<.*|\[.*|%.*|[xX*.\-_]+|your[-_].*|YOUR[-_].*)$")

#: Marker names by match group, as shown in the redacted text.
LABELS = {
    "anthropic": "anthropic-api-key",
    "openai": "openai-api-key",
    "bearer": "bearer-token",
    "header": "api-key-header",
    "jwt": "jwt",
}


@dataclass(frozen=True)
class Secret:
    """Where one secret sits; the value itself is never kept.

    Attributes:
        line: 1-based line.
        column: 1-based column of the value's first character.
        label: one of :data:`LABELS`' values (``anthropic-api-key``).
    """

    line: int
    column: int
    label: str


def _may_hold_secret(text: str) -> bool:
    """Whether ``text`` holds a literal every secret shape starts with (``sk-``, ``eyJ``,
    ``bearer``, ``x-api-key``, the last two in any case): plain substring tests, about 5x
    faster than the full pattern over a run log. Non-ASCII text always goes to the pattern
    (its case-insensitive groups match letters ``str.lower`` may not give back)."""
    if "sk-" in text or "eyJ" in text or not text.isascii():
        return True
    lower = text.lower()
    return "bearer" in lower or "x-api-key" in lower


def _spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of each secret value in ``text``, in order."""
    if not _may_hold_secret(text):
        return []
    spans = []
    for match in _PATTERN.finditer(text):
        group = next(name for name in LABELS if match.group(name) is not None)
        value = match.group(group)
        if group == "header" and _PLACEHOLDER.match(value):
            continue
        if group in {"header", "bearer"} and re.fullmatch(r"sk-ant-[A-Za-z0-9_-]{20,}", value):
            label = LABELS["anthropic"]
        else:
            label = LABELS[group]
        spans.append((match.start(group), match.end(group), label))
    return spans


def find_secrets(text: str) -> list[Secret]:
    """Every secret in ``text`` with its 1-based line and column, in order."""
    found = []
    for start, _end, label in _spans(text):
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        found.append(Secret(line, column, label))
    return found


def redact(text: str, loose: bool = False) -> str:
    """``text`` with each secret value replaced by ``[REDACTED:<label>]``.

    Args:
        text: any text.
        loose: also redact ``sk-`` fragments of 6 or more characters (for text that may hold
            a key cut short, such as a truncated finding message).
    """
    spans = _spans(text)
    if spans:
        parts = []
        position = 0
        for start, end, label in spans:
            parts.append(text[position:start])
            parts.append(f"[REDACTED:{label}]")
            position = end
        parts.append(text[position:])
        text = "".join(parts)
    if loose:
        text = _FRAGMENT.sub("[REDACTED]", text)
    return text


#: How each secret label reads in a message (RL501 secret-in-log).
LABEL_NAMES = {
    "anthropic-api-key": "an Anthropic API key",
    "openai-api-key": "an OpenAI API key",
    "bearer-token": "a Bearer token",
    "api-key-header": "an x-api-key header value",
    "jwt": "a JSON Web Token",
}


def secret_message(label: str) -> str:
    """The one-line message for a secret of ``label`` (never the secret's value)."""
    return f"line holds {LABEL_NAMES.get(label, label)}; revoke it and replace it with a placeholder"
