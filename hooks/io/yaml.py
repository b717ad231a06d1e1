"""YAML loading for configuration, kinds and prices: ruamel.yaml, safe, bounded, with line numbers.

Every error is a :class:`hooks.errors.ConfigError` naming the file and line.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from hooks.errors import ConfigError


def yaml_line(node: Any, key: Any = None) -> int | None:
    """1-based line of ``node`` (or of ``key`` inside it) as ruamel.yaml recorded it;
    ``None`` for plain containers (the JSON copy of shipped data) or unknown keys."""
    try:
        if key is not None and isinstance(node, CommentedMap):
            return int(node.lc.key(key)[0]) + 1
        if key is not None and isinstance(node, CommentedSeq):
            return int(node.lc.item(key)[0]) + 1
        return int(node.lc.line) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


#: Most nodes a YAML document may hold with its aliases expanded. An alias bomb ("billion
#: laughs") is a few hundred nodes that expand to 9**9; any code walking it would hang.
MAX_YAML_NODES = 100_000


#: Deepest flow nesting (``[`` and ``{``, counted without regard to quotes) accepted.
MAX_FLOW_DEPTH = 100


_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _bounded(node: Any, origin: str) -> None:
    """Raise :class:`ConfigError` when ``node`` expands (aliases followed) past
    :data:`MAX_YAML_NODES` nodes or holds itself. Shared nodes are counted once per use, in
    time linear in the distinct nodes."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(value: Any) -> int:
        if not isinstance(value, (dict, list)):
            return 1
        key = id(value)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ConfigError("malformed YAML: an alias refers to the node holding it", origin)
        active.add(key)
        total = 1
        for child in value.values() if isinstance(value, dict) else value:
            total += size(child)
            if total > MAX_YAML_NODES:
                raise ConfigError(f"YAML expands to more than {MAX_YAML_NODES} nodes through aliases (an alias bomb?)", origin)
        active.discard(key)
        sizes[key] = total
        return total

    size(node)


def load_yaml(text: str, origin: str) -> Any:
    """Parse YAML safely keeping line numbers: unknown tags (``!!python/object``) stay data,
    never Python objects; aliases may expand to at most :data:`MAX_YAML_NODES` nodes.

    Raises:
        ConfigError: the YAML is malformed, nested too deeply, an alias bomb, or holds a
            number too long to convert (over 4,300 digits); the message names the line.
    """
    yaml = YAML(typ="rt", pure=True)
    depth = 0
    for match in _FLOW_BRACKET.finditer(text):  # ruamel takes seconds to hit its recursion limit
        depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
        if depth > MAX_FLOW_DEPTH:
            raise ConfigError("malformed YAML: nested too deeply", origin, text.count("\n", 0, match.start()) + 1)
    try:
        node = yaml.load(text)
        _bounded(node, origin)
        return node
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"malformed YAML: {problem}", origin, mark.line + 1 if mark else None) from None
    except RecursionError:
        raise ConfigError("malformed YAML: nested too deeply", origin) from None
    except ValueError:  # int() refuses numbers of more than 4,300 digits
        long_number = re.search(r"\d{1000,}", text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise ConfigError("malformed YAML: a number is too long", origin, line) from None
