"""Secret findings (RL501 secret-in-log) for text the markdown rules do not see.

The site publishes JSON, JSON-lines and text logs too; :func:`secret_findings` reports the
secrets in them with the rule's own code, name and message, so the site needs no rule's names.
"""

from __future__ import annotations

from hooks.finding import Finding, Severity
from hooks.model.secrets import find_secrets, secret_message
from hooks.rules.secrets.secret_in_log import RULE


def secret_findings(display: str, text: str) -> list[Finding]:
    """One error-level RL501 finding per secret in ``text``, located in the file ``display``."""
    return [Finding(display, s.line, s.column, RULE.code, RULE.name, Severity.ERROR, secret_message(s.label)) for s in find_secrets(text)]
