"""Fast loading of the YAML data shipped in ``hooks/data/`` (kinds, prices).

ruamel.yaml's round-trip loader keeps line numbers but costs about 0.1 s per file, paid on
every commit by the hooks. The shipped files are therefore also kept as plain JSON in
``hooks/data/compiled.json``, each entry stamped with the SHA-256 of the YAML text it came
from. :func:`load_shipped` uses the JSON copy when the stamp matches and falls back to
ruamel.yaml when it does not, so a stale copy costs speed, never correctness.
``python -m hooks.io.shipped`` regenerates the copy; a test fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hooks.io.atomic import write_text_atomic
from hooks.io.yaml import load_yaml

#: Files under ``hooks/data/`` that have a compiled JSON copy.
COMPILED_NAME = "compiled.json"


def _data_folder() -> Path:
    return Path(str(resources.files("hooks") / "data"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _compiled() -> dict[str, Any]:
    try:
        data = json.loads((_data_folder() / COMPILED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def shipped_files() -> list[str]:
    """The YAML files under ``hooks/data/`` as POSIX paths relative to it, sorted."""
    folder = _data_folder()
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml"))


def load_shipped(relative: str) -> Any:
    """The parsed content of ``hooks/data/<relative>``: plain dicts and lists from the JSON
    copy when fresh, else ruamel.yaml containers (which are dicts and lists too).

    Raises:
        ConfigError: the YAML is malformed (only on the slow path).
    """

    text = (_data_folder() / relative).read_text(encoding="utf-8")
    entry = _compiled().get(relative)
    if isinstance(entry, dict) and entry.get("sha256") == _digest(text):
        return entry.get("data")
    return load_yaml(text, f"hooks/data/{relative}")


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if hasattr(node, "isoformat"):
        return node.isoformat()
    return node


def compile_all() -> dict[str, Any]:
    """The compiled copy for the current YAML files (what ``compiled.json`` should hold)."""

    folder = _data_folder()
    out: dict[str, Any] = {}
    for relative in shipped_files():
        text = (folder / relative).read_text(encoding="utf-8")
        out[relative] = {"sha256": _digest(text), "data": _plain(load_yaml(text, f"hooks/data/{relative}"))}
    return out


def main() -> int:
    """Regenerate ``hooks/data/compiled.json``; print what was written."""

    target = _data_folder() / COMPILED_NAME
    write_text_atomic(target, json.dumps(compile_all(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
