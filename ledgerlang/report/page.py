"""The report as files: `index.html` and its assets, written into one directory.

    book, evaluation, diagnostics --figures, summary, charts--> page --jinja2--> DIR/index.html

The report is written whole or not at all: every file is first written into
a temporary directory (inside DIR when it exists, so that its other files stay,
else beside it), and only then moved into place, index.html last. What is in
the way (a directory named index.html, a file named assets) is found before
anything is written, and an error names the file it concerns.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from ledgerlang import __version__
from ledgerlang.diagnostic import capped
from ledgerlang.report import charts as chart_module
from ledgerlang.report import figures, summary
from ledgerlang.visible import visible

HERE = Path(__file__).resolve().parent
ASSETS = ("report.css", "report.js")
_UMASK = os.umask(0)
os.umask(_UMASK)


def render(book, evaluation, diagnostics, paths: list[str], counts, root: str | None = None) -> str:
    """The report's index.html, as text; `counts`: the checker's coverage (check.check_counted's);
    `root`: the ledger's root, which the report's paths are relative to."""
    import jinja2
    from markupsafe import Markup

    from ledgerlang.model.record import evolve

    shown = figures.Paths(root, [*paths, *book.paths])
    # The results listed and marked on their figures: as `ledger check` shows them, at most
    # MAX_PER_CODE of one code in one file, then one that counts the rest. A book of 170,000
    # duplicated rows made a page of 166 MB; the summary still counts every result.
    listed = capped(diagnostics)
    numbered = figures.findings(listed, shown)
    index = figures.Figures(book, evaluation, listed, numbered, shown)
    tables = figures.tables(book, evaluation, index)
    summaries = [evolve(s, path=shown(s.path)) if s.path != "(no file)" else s
                 for s in summary.summarise(book, diagnostics, counts, set(paths))]
    paths = list(dict.fromkeys(shown(p) for p in paths))  # a file named twice (itself, and by its directory) once
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
        trim_blocks=True, lstrip_blocks=True,
        # Every text shown as the terminal shows it (visible.py): a bidirectional override in a label
        # would reverse the figures printed after it on the same line, and a control character is
        # no text a browser shows. The charts' SVG is already made (charts.py does the same to its text).
        finalize=lambda value: visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value)
    environment.filters["basename"] = lambda path: os.path.basename(path) or path
    # A figure that does not end in the ")" of a negative keeps that parenthesis's room (report.css), so
    # that (1,060) and 8,344 end their digits at one place, as a printed statement hangs the parenthesis.
    environment.filters["paren_room"] = lambda text: " paren-room" if text and not text.endswith(")") else ""
    environment.filters["figure"] = _figure
    environment.filters["unbroken"] = _unbroken
    environment.filters["count"] = lambda number: f"{number:,}"  # 166,665 warnings, as `ledger check` says
    # a name of spaces (or none) would leave the page without a heading: the entity's id instead
    title = figures.named(book.entity.name, book.entity.id) if book.entity else "Ledger"
    return environment.get_template("index.html").render(
        title=title, version=__version__, paths=paths, summary=summaries, totals=totals,
        charts=chart_module.charts(book, evaluation), tables=tables, findings=numbered,
        coarse=any(c.coarse for t in tables for r in t.rows for c in r.cells))


# A figure in parentheses at the start of a cell's text, or after a guidance's comparison (> ~ <=),
# and what follows it (a unit, or nothing).
NEGATIVE = re.compile(r"([<>=~ ]*)(\(([0-9][0-9,]*(?:\.[0-9]+)?%?)\))(.*)\Z", re.S)


NO_FIGURE = "–"  # a chart's table where it has no figure (charts.py)


def _figure(text: str, pad: str = ""):
    """A statement's figure as markup: a negative, printed (1,060) as statements print it, is said
    "minus 1,060" to a screen reader, which reads no parentheses at its usual punctuation level
    and so read a loss as a profit. `pad`: the decimals it lacks beside its column's most precise
    figure, unseen after it (report.css draws them as generated content, neither copied nor read),
    so that 11 and (2) stand on the point of 8.261."""
    from markupsafe import Markup

    if text == NO_FIGURE:  # a chart's table: a quarter with no figure, which a dash alone left unsaid
        return Markup('<span aria-hidden="true">{}</span><span class="sr-only">no figure</span>').format(text)
    # (1,060), (12.7%), or in a chart's table (1,059.6) JPY millions and a bound, > (567) JPY millions
    negative = NEGATIVE.match(text)
    figure = Markup('{}<span aria-hidden="true">{}</span><span class="sr-only">minus {}</span>{}').format(
        *negative.groups()) if negative else Markup("{}").format(text)
    return Markup('{}<span class="pad" data-pad="{}"></span>').format(figure, pad) if pad else figure


def _unbroken(text: str):
    """A column heading whose words with a hyphen are kept whole: a narrow column, on paper or a phone,
    broke "% of Total assets 2003-06-30" after "2003-", leaving "06-30" a line of its own."""
    from markupsafe import Markup, escape

    # shown as the page's every other text is (the finalize of render()), which a filter's markup skips
    return Markup("").join(Markup('<span class="word">{}</span>').format(part) if "-" in part else escape(part)
                           for part in re.split(r"(\S*-\S*)", visible(text)) if part)


class WriteError(Exception):
    """The report could not be written: `path` (where it was to go) and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def write(directory: Path, html: str) -> list[Path]:
    """index.html and the assets into `directory` (created if missing), whole or not at all; the
    paths written. Raises WriteError naming the path that failed; nothing of the report is left."""
    files = {Path("assets") / name: (HERE / "assets" / name).read_bytes() for name in ASSETS}
    files[Path("index.html")] = html.encode("utf-8")
    _check_targets(directory, files)
    existing = directory.is_dir()
    parent = directory if existing else directory.parent
    with _naming(parent):
        parent.mkdir(parents=True, exist_ok=True)
    with _naming(directory):
        stage = Path(tempfile.mkdtemp(prefix=".ledger-report-" if existing else f".{directory.name}.", dir=parent))
    try:
        with _naming(directory):
            os.chmod(stage, 0o777 & ~_UMASK)  # mkdtemp makes 0700; a report is for sharing
        with _naming(directory / "assets"):
            (stage / "assets").mkdir()
        for name, data in files.items():
            with _naming(directory / name):
                with open(stage / name, "xb") as out:
                    out.write(data)
                os.chmod(stage / name, 0o666 & ~_UMASK)
        # Every byte is written: now the renames, within one file system, onto targets checked above.
        if not existing:
            with _naming(directory):
                os.rename(stage, directory)
        else:
            if not (directory / "assets").is_dir():
                with _naming(directory / "assets"):
                    os.rename(stage / "assets", directory / "assets")
            for name in files:
                if (stage / name).exists():
                    with _naming(directory / name):
                        os.replace(stage / name, directory / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [directory / name for name in files]


def _check_targets(directory: Path, files) -> None:
    """What would stand in the report's way, found before anything is written."""
    if os.path.lexists(directory) and not directory.is_dir():
        raise WriteError(directory, "exists and is not a directory")
    assets = directory / "assets"
    if os.path.lexists(assets) and not assets.is_dir():
        raise WriteError(assets, "exists and is not a directory")
    for name in files:
        target = directory / name
        if target.is_dir():
            raise WriteError(target, "is a directory")
        if os.path.lexists(target) and not target.is_file():
            raise WriteError(target, "exists and is not a regular file")


class _naming:
    """Turns an OSError into a WriteError that names `path`, where the report was to go (not the
    temporary name it was written under)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, OSError):
            raise WriteError(self.path, error.strerror or str(error)) from None
        return False
