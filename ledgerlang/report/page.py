"""The report as files: `index.html` and its assets, written into one directory.

    book, evaluation, diagnostics --figures, summary, charts--> page --jinja2--> DIR/index.html

Each file is written whole to a temporary name beside it and renamed into
place, so a reader never sees half a report's file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ledgerlang import __version__
from ledgerlang.report import charts as chart_module
from ledgerlang.report import figures, summary

HERE = Path(__file__).resolve().parent
ASSETS = ("report.css", "report.js")
_UMASK = os.umask(0)
os.umask(_UMASK)


def render(book, evaluation, diagnostics, paths: list[str], counts) -> str:
    """The report's index.html, as text; `counts`: the checker's coverage (check.check_counted's)."""
    import jinja2

    numbered = figures.findings(diagnostics)
    index = figures.Figures(book, evaluation, diagnostics, numbered)
    tables = figures.tables(book, evaluation, index)
    summaries = summary.summarise(book, diagnostics, counts)
    totals = {
        "errors": sum(s.errors for s in summaries),
        "warnings": sum(s.warnings for s in summaries),
        "acknowledged": sum(s.acknowledged for s in summaries),
        "notes": sum(s.notes for s in summaries),
    }
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=jinja2.select_autoescape(("html",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True)
    environment.filters["basename"] = lambda path: os.path.basename(path) or path
    title = book.entity.name if book.entity else "Ledger"
    return environment.get_template("index.html").render(
        title=title, version=__version__, paths=paths, summary=summaries, totals=totals,
        charts=chart_module.charts(book, evaluation), tables=tables, findings=numbered)


def write(directory: Path, html: str) -> list[Path]:
    """index.html and the assets into `directory` (created if missing); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "assets").mkdir(exist_ok=True)
    written = []
    for name in ASSETS:
        written.append(_atomic(directory / "assets" / name, (HERE / "assets" / name).read_bytes()))
    written.append(_atomic(directory / "index.html", html.encode("utf-8")))
    return written


def _atomic(path: Path, data: bytes) -> Path:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes 0600; a report is for sharing
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return path
