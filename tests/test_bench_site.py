"""The site benchmark's own logic (bench/site.py): the planted word, the tree comparison and
the report section it writes into docs/benchmarks.md. No timings here; bench/run.py --site-only
measures."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from bench.site import BEGIN, END, WORD, differences, plant_word, report, write_doc


def test_the_word_is_planted_in_one_log_only(tmp_path: Path) -> None:
    generate(tmp_path / "team", 30, seed=3)
    holder = plant_word(tmp_path / "team")
    holders = [p for p in (tmp_path / "team").rglob("*") if p.is_file() and WORD in p.read_text(encoding="utf-8", errors="replace")]
    assert holders == [holder]


def test_differences_ignore_only_the_sitemap(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name / "x").mkdir(parents=True)
        (tmp_path / name / "x" / "index.html").write_text("same", encoding="utf-8")
        (tmp_path / name / "sitemap.xml").write_text(f"dated {name}", encoding="utf-8")
    assert differences(tmp_path / "a", tmp_path / "b") == []
    (tmp_path / "b" / "x" / "index.html").write_text("other", encoding="utf-8")
    (tmp_path / "b" / "only-here.html").write_text("", encoding="utf-8")
    assert differences(tmp_path / "a", tmp_path / "b") == ["only-here.html", "x/index.html"]


def test_the_section_replaces_its_previous_version_only(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nThe check part.\n", encoding="utf-8")
    result = {"logs": 1000, "load": 1.0, "full": {"wall": 12.0, "cpu": 11.0, "peak": 98.0, "child_peak": 150.0},
              "mkdocs_cut": {"wall": 6.0, "cpu": 5.5, "peak": 60.0}, "incremental_differences": []}
    write_doc(report([result], "python bench/run.py --site-only --logs 1000"), doc)
    write_doc(report([result], "python bench/run.py --site-only --logs 1000"), doc)
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nThe check part.\n")
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert "| runlog build / plain mkdocs (time) | 2.00x |" in text
    assert "| incremental output equals a fresh --full build (sitemap dates aside) | yes |" in text
