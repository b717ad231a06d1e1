"""Merging a partial kind mapping over another (kind overrides and ``template:`` kinds).

Lists of fields and sections merge by name (``name`` / ``title``); other keys replace.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from hooks.errors import ConfigError


def commented(node: Any) -> Any:
    """Plain dicts and lists (from TOML) as ruamel containers, so kinds validate them alike."""
    if isinstance(node, CommentedMap | CommentedSeq):
        for key_or_index, value in list(node.items() if isinstance(node, CommentedMap) else enumerate(node)):
            node[key_or_index] = commented(value)
        return node
    if isinstance(node, dict):
        return CommentedMap((str(k), commented(v)) for k, v in node.items())
    if isinstance(node, list):
        return CommentedSeq(commented(v) for v in node)
    return node


def _key_of(item: Any, key: str) -> str | None:
    if isinstance(item, str) and key == "name":
        return item.casefold()
    if isinstance(item, dict) and isinstance(item.get(key), str):
        return str(item[key]).casefold()
    return None


def _merge_item(base: Any, overlay: Any, nested: bool) -> Any:
    """``overlay`` (a mapping) with the base item's missing keys filled in."""
    if not isinstance(overlay, dict):
        return overlay
    if isinstance(base, str):
        base = CommentedMap(name=base)
    if not isinstance(base, dict):
        return overlay
    for key, value in base.items():
        if key not in overlay:
            overlay[key] = value
        elif nested and key == "fields":
            overlay[key] = _merge_list(value, overlay[key], "name", nested=False)
    return overlay


def _merge_list(base: Any, overlay: Any, key: str, nested: bool) -> Any:
    """Merge two lists of items keyed by ``key``; a non-list overlay is returned as is."""
    if not isinstance(overlay, list) or not isinstance(base, list):
        return overlay
    merged = CommentedSeq()
    used: set[int] = set()
    for item in base:
        name = _key_of(item, key)
        match = next(
            (i for i, o in enumerate(overlay) if i not in used and name is not None and _key_of(o, key) == name), None
        )
        if match is None:
            merged.append(item)
        else:
            used.add(match)
            merged.append(_merge_item(item, overlay[match], nested))
    merged.extend(o for i, o in enumerate(overlay) if i not in used)
    return merged


def merge_kind(base: Any, overlay: Any, reader: Any = None) -> CommentedMap:
    """Merge the partial kind ``overlay`` over the kind mapping ``base`` (see module doc).

    Both are mappings as ruamel.yaml loads them (plain dicts are converted). ``overlay`` is
    updated in place and returned, so its keys keep their source lines for error messages.

    Raises:
        ConfigError: ``overlay`` is not a mapping (through ``reader`` when given).
    """
    overlay = commented(overlay)
    if not isinstance(overlay, CommentedMap):
        if reader is not None:
            raise reader.fail("a kind override must be a mapping", overlay)
        raise ConfigError("a kind override must be a mapping")
    base = commented(base) if base is not None else CommentedMap()
    for key, value in base.items():
        if key == "template" and key in overlay:
            continue
        if key not in overlay:
            overlay[key] = value
        elif key == "fields":
            overlay[key] = _merge_list(value, overlay[key], "name", nested=False)
        elif key == "sections":
            overlay[key] = _merge_list(value, overlay[key], "title", nested=True)
        elif key == "options" and isinstance(value, dict) and isinstance(overlay[key], dict):
            for option, option_value in value.items():
                if option not in overlay[key]:
                    overlay[key][option] = option_value
    return overlay
