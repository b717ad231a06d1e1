"""``runlog build`` and ``runlog serve``: publish a log folder as a site.

``runlog build LOG_FOLDER --site-dir DIR`` builds into a temporary folder beside ``DIR`` and
swaps that into place, so a failed build leaves the previous site as it was and never a
half-written one; the new folder gets the modes the umask allows (not mkdtemp's 0700).
Nothing else is left beside ``DIR``: the generated ``mkdocs.yml`` (and, for Zensical, the
staged ``docs/``) live in a temporary folder removed after the build. Engines: MkDocs
(default, run in process; pages generated in memory, pages whose markdown did not change
since the previous build taken from it, :mod:`site_builder.incremental`) or Zensical
(``--engine zensical``, when installed; it keeps its own search). MkDocs builds get the
Pagefind search index (:mod:`site_builder.search`). ``--strict`` refuses to publish when a
log has error-level findings (exit 1, the logs named).

``runlog serve LOG_FOLDER`` previews the same site with live reload; edits to the logs
regenerate the pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hooks.config.loader import Config, load_config
from hooks.engine.coverage import note, without_kind
from hooks.errors import UsageError
from site_builder.stage import MARKER, check_owned, remove_tree, stage_site, write_config, write_pages

#: How the refusal of ``--strict`` starts.
REFUSAL = "runlog: not publishing:"

#: How MkDocs' warning about ``dirty`` builds starts: runlog's incremental builds use that
#: mode with its own decision of what changed (site_builder/incremental.py), so it is not shown.
_DIRTY_WARNING = "A 'dirty' build is being performed"

#: Engines ``--engine`` accepts.
ENGINES = ("mkdocs", "zensical")


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """(log folder, site folder), validated.

    Raises:
        UsageError: the log folder is missing, or the site folder overlaps it.
    """
    folder = Path(args.log_folder).resolve()
    if not folder.is_dir():
        raise UsageError("log folder not found", args.log_folder)
    site = Path(args.site_dir).absolute()
    if site.resolve() == folder or folder in site.resolve().parents or site.resolve() in folder.parents:
        raise UsageError("the site folder must not overlap the log folder", args.site_dir)
    check_owned(site, "site folder")
    return folder, site


def _show_progress(args: argparse.Namespace) -> bool:
    return not getattr(args, "quiet", False) and sys.stderr.isatty()


class _StderrHandler(logging.Handler):
    """Writes MkDocs' log records to the current ``sys.stderr`` (the strict refusal excepted:
    :func:`run_build` reports it itself)."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(REFUSAL) or message.startswith(_DIRTY_WARNING):
            return
        print(f"{record.levelname:<7} -  {message}", file=sys.stderr)


def _configure_logging(quiet: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        logger.addHandler(_StderrHandler())
    logger.setLevel(logging.ERROR if quiet else logging.WARNING)


def _swap(built: Path, site: Path) -> None:
    """Put ``built`` in place of ``site`` (the old site removed only after the swap)."""
    (built / MARKER).write_text("built by runlog; replaced on every build\n", encoding="utf-8")
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        old.rmdir()
        site.rename(old)
    built.rename(site)
    if old is not None:
        remove_tree(old)


def _remove_legacy_staging(site: Path) -> None:
    """Remove ``.runlog_site/<site name>/`` beside ``site``, which runlog before issue 15 left
    there (only when it carries runlog's marker), and ``.runlog_site/`` once empty."""
    legacy = site.parent / ".runlog_site"
    staging = legacy / (site.name or "site")
    if staging.is_dir() and not staging.is_symlink() and (staging / MARKER).is_file():
        remove_tree(staging)
    if legacy.is_dir() and not legacy.is_symlink() and not any(legacy.iterdir()):
        legacy.rmdir()


def _umask_mode(folder: Path) -> None:
    """Give ``folder`` (made by mkdtemp, mode 0700) the mode a plain ``mkdir`` would get."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


def _build_mkdocs(config_file: Path, out: Path, site: Path, full: bool, progress: bool, jobs: int) -> list[str]:
    """Build with MkDocs in process into ``out``; return the logs ``strict`` refused (empty when built).

    ``site``: the site folder this build replaces; unless ``full``, its unchanged pages and
    cached bodies are reused.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import Abort

    mkdocs_config = load_mkdocs_config(config_file=str(config_file), site_dir=str(out))
    plugin = mkdocs_config.plugins.get("runlog")
    if plugin is not None:
        plugin.config.progress = progress
        plugin.config.previous_site = str(site)
        plugin.config.full = full
        plugin.config.jobs = jobs
    mkdocs_config.plugins.on_startup(command="build", dirty=not full)
    try:
        build(mkdocs_config, dirty=not full)
    except Abort:
        refused = list(getattr(plugin, "refused", []))
        if refused:
            return refused
        raise
    finally:
        mkdocs_config.plugins.on_shutdown()
    return []


def _build_zensical(args: argparse.Namespace, folder: Path, scratch: Path, out: Path) -> None:
    """Stage the pages into ``scratch``, run ``zensical build`` on them, then add the search index.

    Raises:
        UsageError: Zensical is not installed, or failed.
    """
    executable = shutil.which("zensical")
    if importlib.util.find_spec("zensical") is None and executable is None:
        raise UsageError("--engine zensical needs Zensical installed (pip install zensical); or use the default engine")
    config = load_config(Path(args.config) if getattr(args, "config", None) else None, folder)
    _note_unkinded(folder, config)
    staged = stage_site(folder, config, jobs=_jobs(args), engine="zensical")
    if args.strict and staged.site.error_logs:
        raise _Refusal(staged.site.error_logs[0].relative, [lg.relative for lg in staged.site.error_logs])
    # Zensical wants the site folder inside the project folder: build there, then move it.
    config_file = write_config(scratch, folder, folder.name, site_dir="site")
    write_pages(staged.pages, scratch / "docs")
    command = [executable] if executable else [sys.executable, "-m", "zensical"]
    result = subprocess.run([*command, "build", "--clean", "-f", str(config_file)], check=False, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        how = f"was killed by signal {-result.returncode}" if result.returncode < 0 else f"failed with exit code {result.returncode}"
        raise UsageError(f"zensical build {how} (last output: {last[0][:200]})", str(config_file))
    out.rmdir()
    (scratch / "site").rename(out)


def _note_unkinded(folder: Path, config: Config) -> None:
    """Say on standard error how many markdown files no kind covers (no silent zero: they
    get no page), pointing at ``runlog init`` (:mod:`hooks.engine.coverage`)."""
    line = note(without_kind([str(folder)], config, folder))
    if line:
        print(line.replace("were not checked", "get no page").replace("was not checked", "gets no page"), file=sys.stderr)


def _jobs(args: argparse.Namespace) -> int:
    """``--jobs`` (the CPU count when not given, as ``runlog check``)."""
    return int(getattr(args, "jobs", 0) or os.cpu_count() or 1)


class _Refusal(Exception):
    def __init__(self, first: str, names: list[str]) -> None:
        super().__init__(first)
        self.names = names


def run_build(args: argparse.Namespace) -> int:
    """``runlog build``: 0 when the site was written, 1 when ``--strict`` refused, 2 on unusable input."""
    from mkdocs.exceptions import MkDocsException

    folder, site = _paths(args)
    engine = getattr(args, "engine", "mkdocs")
    quiet = bool(getattr(args, "quiet", False))
    _configure_logging(quiet)
    site.parent.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix=f".{site.name}.build-", dir=site.parent))
    # Zensical's output must be inside its project folder, so its scratch folder sits beside the
    # site (same file system: the output is moved, not copied); it is removed after the build.
    scratch = Path(tempfile.mkdtemp(prefix=f".{site.name}.stage-", dir=site.parent) if engine == "zensical" else tempfile.mkdtemp(prefix="runlog-build-"))
    try:
        if engine == "zensical":
            _build_zensical(args, folder, scratch, out)
        else:
            # A bad configuration is one line (ConfigError at the CLI boundary), not a MkDocs abort.
            runlog_config = load_config(Path(args.config) if getattr(args, "config", None) else None, folder)
            _note_unkinded(folder, runlog_config)
            config_file = write_config(scratch, folder, folder.name, strict=bool(args.strict))
            try:
                refused = _build_mkdocs(config_file, out, site, bool(getattr(args, "full", False)), _show_progress(args), _jobs(args))
                if refused:
                    raise _Refusal(refused[0], refused)
            except MkDocsException as exc:
                raise UsageError(f"site build failed: {exc}") from None
    except _Refusal as exc:
        remove_tree(out)
        more = f" and {len(exc.names) - 10} more" if len(exc.names) > 10 else ""
        print(f"{REFUSAL} {len(exc.names)} logs have error-level findings: {', '.join(exc.names[:10])}{more}", file=sys.stderr)
        return 1
    except BaseException:
        remove_tree(out)
        raise
    finally:
        remove_tree(scratch)
        if out.exists() and not any(out.iterdir()):
            out.rmdir()
    _umask_mode(out)
    _swap(out, site)
    _remove_legacy_staging(site)
    if not quiet:
        pages = sum(1 for _ in site.rglob("index.html"))
        print(f"runlog: site written to {site} ({pages} pages)", file=sys.stderr)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """``runlog serve``: build and serve the site with live reload, watching the log folder."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    folder, _site = _paths(args)
    load_config(Path(args.config) if getattr(args, "config", None) else None, folder)  # one line on a bad configuration
    _configure_logging(False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    scratch = Path(tempfile.mkdtemp(prefix="runlog-serve-"))
    try:
        config_file = write_config(scratch, folder, folder.name)
        serve(config_file=str(config_file), livereload=True, watch=[str(folder)], dev_addr=args.dev_addr)
    except MkDocsException as exc:
        raise UsageError(f"serve failed: {exc}") from None
    finally:
        remove_tree(scratch)
    return 0
