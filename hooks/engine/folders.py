"""Folders a survey or a count of markdown files never walks into, and what counts as markdown.

Kept apart from :mod:`hooks.engine.survey` so that ``runlog check``, which only counts the
markdown files of no kind (:mod:`hooks.engine.coverage`), does not import kind inference at
every commit (about 4 ms of 150, measured with ``python -X importtime``).
"""

from __future__ import annotations

from pathlib import Path

#: Extensions of markdown files.
MARKDOWN = (".md", ".markdown")
#: Other extensions that often hold logs (reported when no kind covers them).
LOG_LIKE = (".json", ".jsonl", ".log", ".txt")

_VCS = frozenset({".git", ".hg", ".svn", ".jj"})
_VENVS = frozenset({".venv", "venv", ".virtualenv", ".conda"})
_DEPENDENCIES = frozenset({"node_modules", "bower_components", "vendor", ".bundle"})
_CACHES = frozenset({
    "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".runlog_cache", ".cache", ".tox", ".nox",
    ".hypothesis", ".ipynb_checkpoints", ".gradle", ".parcel-cache", ".turbo",
})
_OUTPUT = frozenset({"build", "dist", "site", "_site", ".runlog_site", "target", "htmlcov", ".next", ".nuxt", ".docusaurus", ".eggs"})
#: The file ``runlog build`` leaves in a site folder it wrote (site_builder.stage.MARKER).
SITE_MARKER = ".runlog-generated"


def skipped_name(name: str) -> str | None:
    """Why a folder called ``name`` is not walked, judged by its name alone (no disk access:
    :mod:`hooks.engine.coverage` runs at every check), or ``None``."""
    if name in _VCS:
        return "version control"
    if name in _VENVS:
        return "virtual environment"
    if name in _DEPENDENCIES:
        return "dependencies"
    if name in _CACHES:
        return "cache"
    if name in _OUTPUT or name.endswith(".egg-info"):
        return "build or site output"
    return None


def skipped_folder(path: Path) -> str | None:
    """Why the folder at ``path`` is not surveyed, or ``None`` when it is.

    Version control (``.git``...), virtual environments (by name or by a ``pyvenv.cfg`` /
    ``conda-meta`` inside), dependencies (``node_modules``), caches (``__pycache__``,
    ``.pytest_cache``...) and build or site output (``build``, ``dist``, ``site``,
    ``*.egg-info``, or a folder ``runlog build`` wrote).
    """
    by_name = skipped_name(path.name)
    if by_name is not None:
        return by_name
    if (path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir():
        return "virtual environment"
    if (path / SITE_MARKER).is_file():
        return "build or site output"
    return None
