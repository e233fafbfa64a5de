"""Fuzz cases: mutated copies of the bundled books, generated books, and hostile includes.

A case is a small directory of files (`files`: name -> bytes, or a special
entry such as a FIFO or a symlink) and one command line run inside it. Every
case is a pure function of an integer seed, so a failing case is reproduced
from its seed alone (`python -m fuzz --replay SEED`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT / "books" / "iij"

# Specials in `files`: a FIFO, a symlink to a path, a directory.
FIFO = ("fifo",)


def symlink(target: str) -> tuple[str, str]:
    return ("symlink", target)


DIRECTORY = ("dir",)


@dataclass
class Case:
    seed: int
    files: dict[str, object]  # name -> bytes | FIFO | symlink(...) | DIRECTORY
    argv: list[str]
    mutations: list[str] = field(default_factory=list)
    book: str = "book.iij"  # the file fmt may rewrite, for the figure/comment property

    def describe(self) -> str:
        return f"seed {self.seed}: ledger {' '.join(self.argv)}  [{', '.join(self.mutations)}]"


def corpus() -> dict[str, bytes]:
    """The bundled books, by name."""
    return {p.name: p.read_bytes() for p in sorted(BOOKS.glob("*.iij"))}


# -- byte and line mutations ------------------------------------------------------------------

UNICODE_SPACES = ["\u00a0", "\u2003", "\u3000", "\u200b", "\u2009", "\u1680", "\u205f", "\ufeff"]
DIGIT_ZEROS = [0x0660, 0x06F0, 0x0966, 0xFF10, 0x1D7CE, 0x0E50]  # Arabic-Indic, Persian, Devanagari, fullwidth...
MARKS = ["\u200f", "\u202e", "\u200e", "\u2066", "\u202c", "\u061c"]
FIGURE = re.compile(rb"\(?-?\d{1,3}(?:,\d{3})*(?:\.\d+)?%?\)?|\d+(?:\.\d+)?")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def delete_line(r: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        del lines[r.randrange(len(lines))]
    return _join(lines)


def duplicate_line(r: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    k = r.randrange(len(lines))
    lines[k:k] = [lines[k]] * r.choice([1, 1, 2, 50])
    return _join(lines)


def swap_lines(r: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    a, b = r.randrange(len(lines)), r.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return _join(lines)


def flip_byte(r: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    k = r.randrange(len(data))
    return data[:k] + bytes([data[k] ^ (1 << r.randrange(8))]) + data[k + 1:]


def insert_byte(r: random.Random, data: bytes) -> bytes:
    k = r.randrange(len(data) + 1)
    byte = r.choice([b"(", b")", b"-", b"@", b"%", b",", b".", b"\"", b"#", b"\t", b" ", b"\n", b"=", b"*",
                     b"/", b"~", b"\\", bytes([r.randrange(256)])])
    return data[:k] + byte + data[k:]


def invalid_utf8(r: random.Random, data: bytes) -> bytes:
    k = r.randrange(len(data) + 1)
    return data[:k] + r.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]) + data[k:]


def bom(r: random.Random, data: bytes) -> bytes:
    mark = "\ufeff".encode()
    if r.random() < 0.5:
        return mark + data
    k = r.randrange(len(data) + 1)
    return data[:k] + mark + data[k:]


def nul(r: random.Random, data: bytes) -> bytes:
    k = r.randrange(len(data) + 1)
    return data[:k] + b"\0" * r.choice([1, 1, 3]) + data[k:]


def line_ends(r: random.Random, data: bytes) -> bytes:
    choice = r.randrange(3)
    if choice == 0:
        return data.replace(b"\n", b"\r")
    if choice == 1:
        return data.replace(b"\n", b"\r\n")
    lines = _lines(data)
    return b"".join(line + r.choice([b"\n", b"\r\n", b"\r", b"\n\r"]) for line in lines)


def _text_edit(r: random.Random, data: bytes, edit) -> bytes:
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    k = r.randrange(len(lines))
    lines[k] = edit(lines[k])
    return "\n".join(lines).encode("utf-8")


def unicode_space(r: random.Random, data: bytes) -> bytes:
    space = r.choice(UNICODE_SPACES)

    def edit(line: str) -> str:
        spots = [i for i, c in enumerate(line) if c == " "]
        if not spots:
            return line + space
        i = r.choice(spots)
        return line[:i] + space + line[i + 1:]
    return _text_edit(r, data, edit)


def unicode_digits(r: random.Random, data: bytes) -> bytes:
    zero = r.choice(DIGIT_ZEROS)
    return _text_edit(r, data, lambda line: "".join(chr(zero + int(c)) if c.isascii() and c.isdigit()
                                                    and r.random() < 0.5 else c for c in line))


def rtl_mark(r: random.Random, data: bytes) -> bytes:
    mark = r.choice(MARKS)

    def edit(line: str) -> str:
        i = r.randrange(len(line) + 1)
        return line[:i] + mark + line[i:]
    return _text_edit(r, data, edit)


def _replace_figure(r: random.Random, data: bytes, make) -> bytes:
    found = list(FIGURE.finditer(data))
    if not found:
        return data
    m = r.choice(found)
    return data[:m.start()] + make(m.group()).encode() + data[m.end():]


def huge_number(r: random.Random, data: bytes) -> bytes:
    digits = r.choice([29, 40, 120, 400, 1000])
    value = str(r.randrange(1, 10)) + "".join(str(r.randrange(10)) for _ in range(digits - 1))
    if r.random() < 0.5:
        value = f"{int(value):,}"
    return _replace_figure(r, data, lambda old: value)


def tiny_number(r: random.Random, data: bytes) -> bytes:
    zeros = r.choice([5, 30, 60, 200])
    return _replace_figure(r, data, lambda old: "0." + "0" * zeros + str(r.randrange(1, 10)))


def zero_number(r: random.Random, data: bytes) -> bytes:
    return _replace_figure(r, data, lambda old: r.choice(["0", "0.0", "(0)", "-0", "0%", "-", "."]))


def deep_parens(r: random.Random, data: bytes) -> bytes:
    depth = r.choice([20, 60, 200, 1200])
    expr = "(" * depth + "rev.total" + ")" * depth
    return data + f"\nrule rev.deep = {expr}\n".encode()


def long_line(r: random.Random, data: bytes) -> bytes:
    size = r.choice([2_000, 20_000, 60_000])
    kind = r.randrange(3)
    if kind == 0:
        line = "# " + "x" * size
    elif kind == 1:
        line = "claim \"" + "y" * size + "\""
    else:
        line = "  rev.total " + " 1,234" * (size // 6)
    lines = _lines(data)
    lines.insert(r.randrange(len(lines) + 1), line.encode())
    return _join(lines)


def splice_statement(r: random.Random, data: bytes) -> bytes:
    """A declaration the books rarely use, with odd operands: guidance factors, shifts, edges."""
    snippets = [
        "guidance \"g\" given 2003-02\n  rev.total@FY2003 ~ 107.6% * rev.total@FY2002\n",
        "guidance \"g\" given 2003-02\n  rev.total@FY2003 ~ 1,076 * rev.total@FY2002\n",
        "guidance \"g\" given 2003-02\n  rev.total@FY2003 > rev.total@FY2002\n",
        "rule rev.total = rev.total@-1q\n",
        "rule rev.total = rev.total@-4q + rev.total@+1y\n",
        "item x.y \"X\" JPY flow = 1,000 * rev.total@FY00\n",
        "rule cash = cash@open\n",
        "assert a: rev.total@1Q03 > ١٠٠٠\n",
        "claim \"c\"\n  rev.total@1Q03 = 8,344 JPY millions exact\n",
        "accept total-mismatch at rev.total@1Q03 \"r\"\n",
        "table \"t\" in JPY millions\n  columns 1Q03 yoy%(1Q03) share%(1Q03, rev.total) USD(1Q03)\n"
        "  rev.total 8,344 -15.3% 100.0% 69.6\n",
        "statement s \"S\" in JPY millions\n  columns 1Q03 FY2002\n  rev.total\n",
    ]
    lines = _lines(data)
    lines.insert(r.randrange(len(lines) + 1), r.choice(snippets).encode())
    return _join(lines)


def window(r: random.Random, data: bytes) -> bytes:
    """A slice of the book: small inputs reach the later stages quickly."""
    lines = _lines(data)
    start = r.randrange(len(lines))
    return _join(lines[start:start + r.choice([5, 10, 20, 40, 80])])


MUTATIONS = [delete_line, duplicate_line, swap_lines, flip_byte, insert_byte, invalid_utf8, bom, nul,
             line_ends, unicode_space, unicode_digits, rtl_mark, huge_number, tiny_number, zero_number,
             deep_parens, long_line, splice_statement]


def mutate(r: random.Random, data: bytes, count: int) -> tuple[bytes, list[str]]:
    names = []
    for _ in range(count):
        mutation = r.choice(MUTATIONS)
        data = mutation(r, data)
        names.append(mutation.__name__)
    return data, names


# -- generated books ----------------------------------------------------------------------------

PERIODS = ["1Q03", "2Q03", "4Q02", "1Q02", "FY2002", "FY03", "2H02", "9M FY2002", "9M02", "2003-06-30",
           "2003-03-31", "1H2003"]
ITEMS = ["a", "b", "c", "d.e", "rev.total", "cash", "x_1"]


def _figure(r: random.Random) -> str:
    kind = r.randrange(8)
    if kind == 0:
        return f"({r.randrange(1, 10**6):,})"
    if kind == 1:
        return f"{r.uniform(-99, 99):.1f}%"
    if kind == 2:
        return r.choice(["-", "."])
    if kind == 3:
        return str(r.randrange(0, 10**r.randrange(1, 30)))
    if kind == 4:
        return f"{r.randrange(0, 10**7):,}"
    return f"{r.randrange(0, 10**5):,}.{r.randrange(0, 100):02d}" if kind == 5 else f"{r.randrange(-999, 9999):,}"


def _expr(r: random.Random, depth: int = 0) -> str:
    if depth > 3 or r.random() < 0.4:
        choice = r.randrange(5)
        if choice == 0:
            return r.choice(["1", "0.5", "100", "1000", "0"])
        item = r.choice(ITEMS)
        anchor = r.choice(["", "", f"@{r.choice(PERIODS)}", "@-1y", "@-1q", "@+2q", "@open", "@close"])
        return item + anchor
    kind = r.randrange(4)
    if kind == 0:
        return f"{_expr(r, depth + 1)} {r.choice('+-*/')} {_expr(r, depth + 1)}"
    if kind == 1:
        return f"({_expr(r, depth + 1)})"
    if kind == 2:
        return f"-{_expr(r, depth + 1)}"
    return f"{r.choice(['yoy%', 'qoq%', 'USD'])}({_expr(r, depth + 1)})"


def generated_book(r: random.Random) -> str:
    """A random book in the grammar's shape: declarations with random operands."""
    out = ["entity e \"E\"", "  fiscal year ends " + r.choice(["03-31", "12-31", "02-29", "13-40"]),
           "  fiscal year named by " + r.choice(["start", "end"]), "currency JPY \"yen\"", "currency USD \"dollar\"",
           "unit shares"]
    if r.random() < 0.5:
        out.append(f"rate usd: {r.choice(['119.87', '0', '1e5', '100'])} JPY per USD on 2003-06-30")
    for item in ITEMS:
        unit = r.choice(["JPY", "JPY", "USD", "%", "shares", "JPY/shares", "EUR"])
        kind = r.choice(["flow", "stock"])
        definition = f" = {_expr(r)}" if r.random() < 0.3 else ""
        out.append(f"item {item} \"{item.upper()}\" {unit} {kind}{definition}")
    for _ in range(r.randrange(0, 4)):
        out.append(f"rule {r.choice(ITEMS)} = {_expr(r)}")
    for _ in range(r.randrange(1, 4)):
        columns = r.sample(PERIODS, r.randrange(1, 4))
        if r.random() < 0.4:
            columns.append(f"{r.choice(['yoy%', 'qoq%', 'USD'])}({columns[0]})")
        out.append(f"table \"T\" in {r.choice(['JPY millions', 'thousands', 'USD billions', 'millions'])}")
        if r.random() < 0.3:
            out.append("  rounding " + r.choice(["truncate", "exact", "nearest"]))
        out.append("  columns " + " ".join(columns))
        for item in r.sample(ITEMS, r.randrange(1, len(ITEMS))):
            out.append(f"  {'-' if r.random() < 0.1 else ''}{item} " + " ".join(_figure(r) for _ in columns)
                       + ("  # note" if r.random() < 0.2 else ""))
    for _ in range(r.randrange(0, 3)):
        out.append("claim \"said 1,234\"")
        out.append(f"  {_expr(r)} = {_figure(r)} {r.choice(['', 'JPY millions', 'USD', '%', 'shares exact'])}")
    if r.random() < 0.4:
        out.append("guidance \"g\" given 2003-02")
        out.append(f"  {_expr(r)} {r.choice(['in 1 .. 2 JPY billions', '> 5', '~ 10%', '< ' + _expr(r)])}")
    if r.random() < 0.3:
        out.append(f"statement s \"S\" in JPY millions\n  columns {' '.join(r.sample(PERIODS, 2))}\n  {r.choice(ITEMS)}")
    if r.random() < 0.2:
        out.append(f"accept total-mismatch at {r.choice(ITEMS)}@{r.choice(PERIODS)} \"why\"")
    return "\n".join(out) + "\n"


# -- hostile includes ----------------------------------------------------------------------------

HOSTILE = [
    ('include "/dev/zero"', {}),
    ('include "/proc/self/environ"', {}),
    ('include "/etc/passwd"', {}),
    ('include "../outside.iij"', {}),
    ('include "fifo.iij"', {"fifo.iij": FIFO}),
    ('include "."', {}),
    ('include "sub"', {"sub": DIRECTORY}),
    ('include "link.iij"', {"link.iij": symlink("/etc/hostname")}),
    ('include "book.iij"', {}),  # itself
    ('include "other.iij"', {"other.iij": b'include "book.iij"\n'}),  # a cycle
    ('include "missing.iij"', {}),
    ('include "secret.txt"', {"secret.txt": b"password=hunter2 token=abc\n"}),
    ('include "bin.iij"', {"bin.iij": b"\x00\xff\xfe binary \x89PNG\r\n"}),
]


# -- cases -------------------------------------------------------------------------------------

COMMANDS = ["check", "check-json", "eval", "eval-markdown", "eval-csv", "eval-json", "fmt", "fmt-check",
            "fmt-diff", "diff", "explain", "facts", "lsp"]


def _argv(r: random.Random, command: str, text: str, names: list[str]) -> list[str]:
    if command == "check-json":
        return ["check", "--format", "json", *names]
    if command.startswith("eval"):
        fmt = command.partition("-")[2] or "text"
        return ["eval", "--format", fmt, *names]
    if command == "fmt-check":
        return ["fmt", "--check", *names]
    if command == "fmt-diff":
        return ["fmt", "--diff", *names]
    if command == "diff":
        return ["diff", "original.iij" if r.random() < 0.8 else ".", "book.iij"]
    if command == "explain":
        items = re.findall(r"^\s*-?([A-Za-z_][\w.]*)\s", text, re.M) or ["rev.total"]
        periods = re.findall(r"\b(?:[1-4]Q\d\d|FY\d{4}|FY\d\d|[12]H\d\d|\d{4}-\d\d-\d\d)\b", text) or ["1Q03"]
        figure = f"{r.choice(items)}@{r.choice(periods)}"
        if r.random() < 0.3:
            figure = f"yoy%({figure})"
        return ["explain", figure, *names]
    if command == "lsp":  # a language-server session on the book (fuzz/lsp.py), with its own seed
        return ["lsp-session", "book.iij", str(r.randrange(1 << 30))]
    return [command, *names]


def make_case(seed: int) -> Case:
    """The case of a seed: a mutated bundled book, a generated book, or a hostile include, through
    one command; or a mutated release through `draft`."""
    return later_case(_first_case(seed))


def _first_case(seed: int) -> Case:
    r = random.Random(seed)
    books = corpus()
    kind = r.random()
    files: dict[str, object] = {}
    mutations: list[str] = []
    original = books["iij-3q02-investor-presentation.iij"]
    if kind < 0.6:
        name = r.choice(sorted(books))
        data = books[name]
        if r.random() < 0.95:  # most inputs are slices: a whole book costs 20 slices' time
            data = window(r, data)
            mutations.append("window")
        original = data
        data, names = mutate(r, data, r.choice([1, 1, 2, 3, 6]))
        mutations = [f"from {name}", *mutations, *names]
        if name != "iij.iij" and b'include "iij.iij"' not in data and r.random() < 0.2:
            data = b'include "iij.iij"\n' + data
        files["iij.iij"] = books["iij.iij"]
    elif kind < 0.85:
        data = generated_book(r).encode()
        original = data
        mutations.append("generated")
        if r.random() < 0.3:
            data, names = mutate(r, data, 1)
            mutations.extend(names)
    else:
        line, extra = r.choice(HOSTILE)
        original = window(r, original) if r.random() < 0.8 else original
        data = line.encode() + b"\n" + original
        files.update(extra)
        mutations.append(f"hostile {line}")
    files["book.iij"] = data
    files["original.iij"] = original
    command = r.choice(COMMANDS)
    names = ["book.iij"]
    if command not in ("diff", "facts") and r.random() < 0.1:
        names = ["."]  # the whole directory, includes and all
    text = data.decode("utf-8", "replace")
    return Case(seed, files, _argv(r, command, text, names), mutations)


def materialize(case: Case, directory: Path) -> None:
    """Write a case's files into an empty directory."""
    import os

    for name, content in case.files.items():
        path = directory / name
        if content == FIFO:
            os.mkfifo(path)
        elif content == DIRECTORY:
            path.mkdir()
        elif isinstance(content, tuple) and content[0] == "symlink":
            os.symlink(content[1], path)
        else:
            path.write_bytes(content)


# -- the commands that write files, and `draft` ------------------------------------------------
#
# `report -o DIR`, `eval --format xlsx -o FILE` and `draft` came to the fuzz later. Whether a
# seed's case goes to one of them is drawn from a second stream of the seed (`_later`), so
# every older seed keeps the case it had: a finding's seed in the README still replays it.

DRAFT_DATA = ROOT / "tests" / "draft" / "data"
REPORT_DIR = "report"  # the directory `report -o` writes into, inside the case's directory
WORKBOOK = "book.xlsx"
DRAFTED = "draft.iij"

# What may stand where the report goes: the report is then written whole, or (where it cannot
# be) nothing of it is, and what was there stays as it was.
REPORT_PLACES = [
    ({}, 0.7),  # a fresh directory, not there yet
    ({REPORT_DIR: DIRECTORY}, 0.1),  # there, empty
    ({REPORT_DIR: DIRECTORY, f"{REPORT_DIR}/keep.txt": b"not the report's\n"}, 0.06),
    ({REPORT_DIR: DIRECTORY, f"{REPORT_DIR}/index.html": DIRECTORY}, 0.04),
    ({REPORT_DIR: DIRECTORY, f"{REPORT_DIR}/assets": b"a file where the assets go\n"}, 0.04),
    ({REPORT_DIR: DIRECTORY, f"{REPORT_DIR}/assets": DIRECTORY, f"{REPORT_DIR}/assets/report.css": DIRECTORY}, 0.03),
    ({REPORT_DIR: b"a file where the report goes\n"}, 0.03),
]
WORKBOOK_PLACES = [
    ({}, 0.85),
    ({WORKBOOK: b"PK\x03\x04 not a workbook\n"}, 0.1),  # replaced whole, or kept
    ({WORKBOOK: DIRECTORY}, 0.05),
]


def _later(seed: int) -> random.Random:
    return random.Random(f"later:{seed}")


def _place(r: random.Random, places) -> tuple[dict[str, object], str]:
    """What stands where the output goes, and its description: `report` into `report/index.html` (a dir)."""
    place = r.choices([p for p, _ in places], [w for _, w in places])[0]
    return dict(place), place_described(place)


def place_described(place: dict[str, object]) -> str:
    return ", ".join(f"{k}{'/' if v == DIRECTORY else ''}" for k, v in place.items()) or "nothing"


def releases() -> dict[str, bytes]:
    """draft's own seeds: the releases its tests read, plain text and HTML, by name."""
    found = sorted([*DRAFT_DATA.glob("*.txt"), *DRAFT_DATA.glob("*.html"), *DRAFT_DATA.glob("layouts/*")])
    return {p.name: p.read_bytes() for p in found if p.suffix in (".txt", ".html")}


TAG = re.compile(rb"<[^<>]{0,200}>")
STRAY_TAGS = [b"<table>", b"</table>", b"<tr>", b"</tr>", b"<td>", b"</td>", b"<th>", b"</th>", b"<tbody>",
              b"</thead>", b"<caption>", b"</caption>", b"<td", b"<tr><td colspan=2>", b"</td></tr></table>",
              b"<br>", b"<p>", b"</div>", b"<!--", b"<script>", b"<![CDATA[", b"<?xml", b"<style>", b"<",
              b"<td rowspan=3>", b"<table><tr><td><table>"]
SPANS = ["0", "-1", "2", "1000", "65534", "1000000", "999999999999", "1e9", "3.5", "", "x", "+7", "0x10", "１２"]
ENTITIES = ["&amp;", "&nbsp;", "&#0;", "&#x110000;", "&#99999999999;", "&#x202e;", "&#8722;", "&minus;", "&",
            "&#", "&#x;", "&unknown;", "&#xD800;", "&lt;td&gt;", "&#x3000;", "&#12288;", "&yen;", "&#65509;", "&ndash;"]


def _tags(data: bytes) -> list[re.Match]:
    return list(TAG.finditer(data))


def broken_nesting(r: random.Random, data: bytes) -> bytes:
    """A tag taken away, a stray one put in, or two swapped: end tags without starts and the like."""
    tags = _tags(data)
    kind = r.randrange(3)
    if kind == 0 and tags:
        m = r.choice(tags)
        return data[:m.start()] + data[m.end():]
    if kind == 1 and len(tags) > 1:
        a, b = sorted(r.sample(tags, 2), key=lambda m: m.start())
        return data[:a.start()] + b.group() + data[a.end():b.start()] + a.group() + data[b.end():]
    k = r.randrange(len(data) + 1)
    return data[:k] + b"".join(r.choice(STRAY_TAGS) for _ in range(r.choice([1, 1, 3, 40]))) + data[k:]


def huge_span(r: random.Random, data: bytes) -> bytes:
    """A cell spanning a huge (or a negative, or no) number of columns or rows."""
    cells = [m for m in _tags(data) if re.match(rb"<t[dh]\b", m.group(), re.I)]
    attribute = f' {r.choice(["colspan", "colspan", "rowspan"])}="{r.choice(SPANS)}"'.encode()
    if not cells:
        return data + b"<table><tr><td" + attribute + b">1,234</td></tr></table>"
    m = r.choice(cells)
    tag = re.sub(rb'\s(?:colspan|rowspan)\s*=\s*("[^"]*"|\S+)', b"", m.group(), flags=re.I)
    return data[:m.start()] + tag[:3] + attribute + tag[3:] + data[m.end():]


def deep_nesting(r: random.Random, data: bytes) -> bytes:
    """Thousands of open elements: tables in cells in tables, or divs."""
    depth = r.choice([50, 500, 5000])
    opening, closing = r.choice([(b"<div>", b"</div>"), (b"<table><tr><td>", b"</td></tr></table>"),
                                 (b"<b>", b""), (b"<td>", b"")])
    k = r.randrange(len(data) + 1)
    return data[:k] + opening * depth + data[k:] + closing * depth


def entity(r: random.Random, data: bytes) -> bytes:
    """Character references, good and bad, at random places (inside figures too)."""
    k = r.randrange(len(data) + 1)
    return data[:k] + "".join(r.choice(ENTITIES) for _ in range(r.choice([1, 1, 2, 20]))).encode() + data[k:]


def charset(r: random.Random, data: bytes) -> bytes:
    """A declared encoding that the bytes are not, or that does not exist."""
    name = r.choice(["shift_jis", "utf-16", "utf-7", "bogus", "iso-8859-1", "", "utf-8\0", "x" * 300])
    return f'<meta charset="{name}">'.encode() + data


def odd_columns(r: random.Random, data: bytes) -> bytes:
    """A plain-text table's columns moved: a row shifted, blanks widened or narrowed, tabs, a row
    of very many figures, a ragged header."""
    lines = _lines(data)
    k = r.randrange(len(lines))
    line = lines[k]
    kind = r.randrange(5)
    if kind == 0:
        lines[k] = b" " * r.choice([1, 3, 40, 400]) + line
    elif kind == 1:
        lines[k] = re.sub(rb"  +", lambda m: b" " * r.choice([1, 2, 5, 30]), line)
    elif kind == 2:
        lines[k] = re.sub(rb" {2,8}", b"\t", line)
    elif kind == 3:
        count = r.choice([20, 200, 2000])
        lines[k] = b"Total revenues" + b"".join(f"  {r.randrange(10**6):,}".encode() for _ in range(count))
    else:
        lines.insert(k, b" " * r.randrange(60) + b"   ".join(r.choice([b"1Q03", b"FY2002", b"2003", b"%", b"",
                                                                       b"Three months", b"(yen)"])
                                                              for _ in range(r.randrange(1, 12))))
    return _join(lines)


BYTE_MUTATIONS = [delete_line, duplicate_line, swap_lines, flip_byte, insert_byte, invalid_utf8, bom, nul,
                  line_ends, unicode_space, unicode_digits, rtl_mark, huge_number, tiny_number, zero_number]
HTML_MUTATIONS = [broken_nesting, huge_span, deep_nesting, entity, charset]
TEXT_MUTATIONS = [odd_columns]


def mutate_release(r: random.Random, name: str, data: bytes, count: int) -> tuple[bytes, list[str]]:
    own = HTML_MUTATIONS if name.endswith(".html") else TEXT_MUTATIONS
    names = []
    for _ in range(count):
        mutation = r.choice(own) if r.random() < 0.5 else r.choice(BYTE_MUTATIONS)
        data = mutation(r, data)
        names.append(mutation.__name__)
    return data, names


def draft_case(seed: int, r: random.Random) -> Case:
    """`ledger draft` on one or two mutated releases (slices of draft's test data), with or
    without the bundled shared definitions, to a file or to standard output."""
    seeds = releases()
    files: dict[str, object] = {}
    mutations: list[str] = ["draft"]
    names = []
    for k in range(r.choice([1, 1, 1, 2])):
        name = r.choice(sorted(seeds))
        data = seeds[name]
        if r.random() < 0.5:
            data = window(r, data)
            mutations.append("window")
        data, changes = mutate_release(r, name, data, r.choice([1, 1, 2, 3, 6]))
        mutations += [f"from {name}", *changes]
        release = f"release{k}{Path(name).suffix}"
        files[release] = data
        names.append(release)
    argv = ["draft", *names]
    if r.random() < 0.3:
        files["iij.iij"] = corpus()["iij.iij"]
        argv += ["--defs", "iij.iij"]
    argv += ["-o", "-" if r.random() < 0.2 else DRAFTED]
    return Case(seed, files, argv, mutations, book=DRAFTED)


def later_case(case: Case) -> Case:
    """The seed's case, sent to `report`, `eval --format xlsx` or `draft` by its second stream."""
    r = _later(case.seed)
    pick = r.random()
    if pick < 0.15:
        return draft_case(case.seed, r)
    if pick >= 0.32 or case.argv[0] not in ("check", "eval", "fmt", "explain", "facts"):
        return case
    names = [n for n in case.argv[1:] if n in ("book.iij", ".")][-1:] or ["book.iij"]
    if pick < 0.25:
        place, there = _place(r, REPORT_PLACES)
        return Case(case.seed, {**case.files, **place}, ["report", *names, "-o", REPORT_DIR],
                    [*case.mutations, f"report where there is {there}"])
    place, there = _place(r, WORKBOOK_PLACES)
    return Case(case.seed, {**case.files, **place}, ["eval", "--format", "xlsx", "-o", WORKBOOK, *names],
                [*case.mutations, f"xlsx where there is {there}"])
