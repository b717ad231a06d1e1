"""The JSON copy of the shipped YAML data is fresh, and loading through it gives the same kinds."""

from __future__ import annotations

import json

from hooks.io import shipped
from hooks.io.yaml import load_yaml
from hooks.kinds.loader import kind_from_mapping


def test_compiled_copy_is_fresh() -> None:
    on_disk = json.loads((shipped._data_folder() / shipped.COMPILED_NAME).read_text(encoding="utf-8"))
    assert on_disk == shipped.compile_all(), "hooks/data/compiled.json is stale: run `python -m hooks.io.shipped`"


def test_fast_and_slow_paths_give_equal_kinds() -> None:
    for relative in shipped.shipped_files():
        if not relative.startswith("kinds/"):
            continue
        text = (shipped._data_folder() / relative).read_text(encoding="utf-8")
        slow = kind_from_mapping(load_yaml(text, relative), relative)
        fast = kind_from_mapping(shipped.load_shipped(relative), relative)
        assert fast == slow


def test_a_stale_copy_falls_back_to_the_yaml(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(shipped, "_compiled", lambda: {"kinds/run-log.yaml": {"sha256": "0" * 64, "data": {"name": "wrong"}}})
    assert shipped.load_shipped("kinds/run-log.yaml")["name"] == "run-log"
