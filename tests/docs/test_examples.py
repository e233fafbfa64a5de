"""The README and docs/review.md tell the truth about the code as it is.

Each test reads its examples from the documents, never a copy of them: every `ledger` command
they show parses with the real argument parser, every option they give a command is one it
takes, every diagnostic code they name is one ledgerlang reports (and every code it reports is
named), every book they show parses, every `$ ledger ...` block prints what it shows, and every
link leads somewhere. A code block is fenced with ``` or indented by four spaces after a blank
line, as Markdown reads it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from ledgerlang.check.acknowledge import CODES
from ledgerlang.cli import arguments
from ledgerlang.syntax.parse import declaration_keywords, parse
from support import ROOT, ledger

DOCUMENTS = ("README.md", "docs/review.md")
# The README's speed sections compare ledgerlang with other programs, in their own words
# (Debian's `ledger balance` among them): their inline code is not ledgerlang's command line.
OTHER_PROGRAMS = "Performance"


def text_of(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def blocks(text: str) -> list[tuple[int, list[str]]]:
    """(line number of its first line, its lines) of each code block, indentation removed."""
    lines = text.split("\n")
    found, i = [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            found.append((i + 2, lines[i + 1:end]))
            i = end + 1
        elif line.startswith("    ") and line.strip() and (i == 0 or not lines[i - 1].strip()):
            indent = " " * (len(line) - len(line.lstrip()))
            end = i
            while end < len(lines) and (lines[end].startswith(indent) or not lines[end].strip()):
                end += 1
            body = [each[len(indent):] for each in lines[i:end]]
            while body and not body[-1].strip():
                body.pop()
            found.append((i + 1, body))
            i = end
        else:
            i += 1
    return found


def prose(text: str) -> str:
    """The text outside code blocks, and outside the sections that quote other programs."""
    cut = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    cut = re.sub(r"(?:\n\n(?: {4}.*\n?)+)", "\n\n", cut)
    start = cut.find(f"\n## {OTHER_PROGRAMS}\n")
    if start >= 0:
        end = cut.find("\n## ", start + 1)
        cut = cut[:start] + (cut[end:] if end >= 0 else "")
    return cut


def is_ledger(word: str) -> bool:
    return word == "ledger" or word.endswith("/ledger")


def commands_in(line: str) -> list[str]:
    """The `ledger` command lines in a shell line: after `$ `, between `&&`, `;` and `|`, each
    cut at a comment or a description after two spaces."""
    line = line.removeprefix("$ ")
    found = []
    for segment in re.split(r"&&|;|\s\|\s", line):
        segment = re.split(r"\s{2,}|\s#", segment.strip())[0]
        words = segment.split()
        while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):  # LEDGERLANG_WORKERS=0 ledger ...
            words.pop(0)
        if any(c in segment for c in "()"):  # no shell line: an output (`ledger check (9 s): ...`)
            continue
        if words and is_ledger(words[0]):
            found.append(" ".join(words))
        elif len(words) > 3 and words[1:3] == ["-m", "ledgerlang"]:
            found.append(" ".join(["ledger", *words[3:]]))
    return found


def quoted_commands(line: str) -> list[str]:
    """The `ledger` commands inside a quoted argument (a git textconv, which git gives a file)."""
    return [quoted for quoted in re.findall(r"\"([^\"]+)\"", line) if is_ledger(quoted.split()[0])]


def variants(command: str) -> list[list[str]]:
    """A command line as argv, once per alternative a synopsis offers (`text|json`, `[...]` kept)."""
    words = shlex.split(command.replace("[", " ").replace("]", " "))[1:]
    words = [w for w in words if w not in ("|", "...")]
    choices = [w.split("|") if "|" in w else [w] for w in words]
    count = max((len(c) for c in choices), default=1)
    return [[c[min(k, len(c) - 1)] for c in choices] for k in range(count)]


def shown_commands() -> list[tuple[str, int, str, bool]]:
    """(document, line, command, in a code block) for every `ledger` command the documents show."""
    found = []
    for name in DOCUMENTS:
        text = text_of(name)
        for first, lines in blocks(text):
            for offset, line in enumerate(lines):
                found += [(name, first + offset, c, True) for c in commands_in(line)]
                found += [(name, first + offset, c, False) for c in quoted_commands(line)]
        for span in re.findall(r"`([^`\n]+)`", prose(text)):
            if is_ledger(span.split()[0]) and len(span.split()) > 1:
                found.append((name, 0, span, False))
    return found


PARSER = arguments.parser()
SUBCOMMANDS = PARSER.commands.choices


def test_the_documents_show_commands():
    """The extraction below finds the commands the documents show (a change to how they mark
    their blocks must not leave the other tests checking nothing)."""
    shown = shown_commands()
    assert sum(in_block for *_, in_block in shown) >= 10
    assert {c.split()[1] for _, _, c, _ in shown if not c.split()[1].startswith("-")} >= set(SUBCOMMANDS)


@pytest.mark.parametrize("where, line, command, in_block",
                         shown_commands(), ids=lambda v: v if isinstance(v, str) else None)
def test_every_command_shown_names_a_command_and_its_options(where, line, command, in_block):
    """Each command exists, and each option given it is one it takes, with a value it accepts."""
    for argv in variants(command):
        name = next((w for w in argv if not w.startswith("-")), None)
        if name is None or name.isupper():  # `ledger --version`, `ledger --debug COMMAND ...`
            options = PARSER._option_string_actions
        else:
            assert name in SUBCOMMANDS, f"{where}:{line}: `{command}`: ledger has no command {name!r}"
            options = SUBCOMMANDS[name]._option_string_actions
        for i, word in enumerate(argv):
            option = word.split("=", 1)[0]
            if not option.startswith("-") or option == "-":
                continue
            assert option in options, f"{where}:{line}: `{command}`: {name} takes no option {option}"
            action = options[option]
            value = word.split("=", 1)[1] if "=" in word else (argv[i + 1] if i + 1 < len(argv) else None)
            if action.choices and value is not None and not value.isupper():
                assert value in action.choices, f"{where}:{line}: `{command}`: {option} takes {action.choices}"
        if in_block and not any(word.isupper() for word in argv):  # to type as it is: the whole of it parses
            try:
                arguments.parse(argv)
            except SystemExit:
                pytest.fail(f"{where}:{line}: `{command}` is not a command line ledger accepts (above)")


def named_codes() -> dict[str, set[str]]:
    """The diagnostic codes each document names: the README's table of diagnostics (where
    `-within` stands for `guidance-within`), and every `severity[code]` shown."""
    found = {}
    for name in DOCUMENTS:
        text = text_of(name)
        codes = set(re.findall(r"(?:error|warning|info)\[([a-z-]+)\]", text))
        if "## Diagnostics" in text:
            table = text[text.index("## Diagnostics"):]
            table = table[:table.index("\n## ", 1)]
            for row in re.findall(r"^\| (`.*?) \|", table, flags=re.M):
                cell = re.findall(r"`([a-z-]+)`", row)
                stem = cell[0].rsplit("-", 1)[0]
                codes |= {stem + c if c.startswith("-") else c for c in cell}
        found[name] = codes
    return found


def made_in_source() -> tuple[set[str], set[str]]:
    """The code-like strings of ledgerlang's source outside the registry of codes, and the
    prefixes of codes it builds (`f"guidance-{verdict}"`)."""
    literals, families = set(), set()
    for path in (ROOT / "ledgerlang").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\nCODES = frozenset\(\(.*?\)\)", "", source, flags=re.S)
        literals |= set(re.findall(r"\"([a-z]+(?:-[a-z]+)*)\"", source))
        families |= set(re.findall(r"f\"([a-z]+-)\{", source))
    return literals, families


def test_every_code_the_documents_name_is_one_ledgerlang_reports():
    """A code in the table of diagnostics or shown in an output is in the registry `accept` reads
    (check/acknowledge.py CODES), and made somewhere in the source, not only listed there."""
    literals, families = made_in_source()
    for name, codes in named_codes().items():
        assert codes, f"{name}: no code found"
        assert codes <= CODES, f"{name} names codes ledgerlang does not report: {sorted(codes - CODES)}"
        unmade = {c for c in codes if c not in literals and not any(c.startswith(f) for f in families)}
        assert not unmade, f"{name}: codes that nothing in ledgerlang/ makes: {sorted(unmade)}"


def test_every_code_ledgerlang_reports_is_named_in_the_readme():
    """A reader who meets a code finds it in the README: in the table of diagnostics, or
    in the section that tells what it reads, formats or drafts."""
    readme = text_of("README.md")
    named = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", readme)) | named_codes()["README.md"]
    assert not CODES - named, f"codes the README never names: {sorted(CODES - named)}"


def book_snippets() -> list[tuple[str, int, str]]:
    """(document, line, text) of each code block that is a book: its first line that is not a
    comment starts with a declaration's keyword."""
    keywords = set(declaration_keywords())
    found = []
    for name in DOCUMENTS:
        for first, lines in blocks(text_of(name)):
            code = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
            if code and code[0].split()[0] in keywords:
                found.append((name, first, "\n".join(lines) + "\n"))
    return found


def test_the_documents_show_books():
    """The books below are found: the README's two excerpts and its restated table at least."""
    assert len(book_snippets()) >= 3


@pytest.mark.parametrize("where, line, text", book_snippets(), ids=lambda v: v if isinstance(v, str) else None)
def test_every_book_shown_parses_and_misses_only_what_it_leaves_out(where, line, text, tmp_path):
    """A book the documents show parses, and loads with no error but the names whose declarations
    an excerpt leaves out (`unknown-item`, `unknown-unit`); an excerpt headed `# NAME.iij: ...`
    is there to be included under its name."""
    from ledgerlang.load import load_paths

    for _, _, each in book_snippets():  # an excerpt that names its file is included by that name
        named = re.match(r"# ([\w.-]+\.iij)\b", each)
        if named:
            (tmp_path / named.group(1)).write_text(each, encoding="utf-8")
    book = tmp_path / "shown.iij"
    book.write_text(text, encoding="utf-8")
    _, found = load_paths([str(book)])
    errors = [f"{d.span.line if d.span else '?'}: {d.code}: {d.message}" for d in found
              if d.counts_as_error and d.code not in ("unknown-item", "unknown-unit")]
    assert not errors, f"{where}:{line}: the book shown has errors: {errors}"


def declaration_forms() -> list[tuple[str, str]]:
    """(form, the form with a value for each placeholder) for each declaration the README's table
    of the syntax shows in one line, once with each optional part and once without."""
    readme = text_of("README.md")
    table = readme[readme.index("| declaration | what it says |"):]
    table = table[:table.index("\n\n")]
    values = {"ID": "x", "NAME": "x", "CODE": "total-mismatch", "ITEM@PERIOD": "x@1Q03", "UNIT": "JPY",
              "expr": "x", "MM-DD": "03-31", "RATE": "r", "LO": "1", "HI": "2", "figure": "1"}
    keywords = set(declaration_keywords())
    forms = []
    for row in table.split("\n")[2:]:
        for form in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            if form.split()[0] not in keywords:
                continue
            for keep in (True, False):
                text = re.sub(r"\[([^\]]*)\]", r"\1" if keep else "", form)
                text = re.sub(r"(\w+)(?:\\\|\w+)+", r"\1", text)  # flow\|stock\|average: the first
                text = re.sub(r"(?<![\w@-])(" + "|".join(map(re.escape, values)) + r")(?![\w@-])",
                              lambda m: values[m.group(1)], text)
                forms.append((form, text))
    return forms


@pytest.mark.parametrize("form, text", declaration_forms())
def test_every_declaration_form_in_the_readme_parses(form, text):
    """A form such as `accept CODE at ITEM@PERIOD [in "source"] "reason"` is a line the grammar
    reads, with and without its optional parts (a form that needs its next lines, a table's
    columns, is read as far as it goes)."""
    _, found = parse(text + "\n", "form.iij")
    wrong = [d.message for d in found if "end of file" not in d.message]
    assert not wrong, f"`{form}` (as `{text}`) does not parse: {wrong}"


def run_blocks() -> list[tuple[str, int, str, list[str]]]:
    """(document, line, command, output shown) of each block that starts `$ ledger ...`."""
    found = []
    for name in DOCUMENTS:
        for first, lines in blocks(text_of(name)):
            if lines and lines[0].startswith("$ ledger "):
                found.append((name, first, lines[0][2:], lines[1:]))
    return found


def matches(shown: list[str], printed: str) -> bool:
    """The output shown, where `...` in a line stands for any text and a line `[... ]` for any
    lines, is the output printed."""
    pattern = []
    for line in shown:
        if line.strip().startswith("[..."):
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(".*?".join(re.escape(part) for part in line.split("...")) + r"\n")
    return re.fullmatch("".join(pattern), printed.rstrip("\n") + "\n", flags=re.S) is not None


def test_the_documents_show_outputs():
    """The outputs below are found: a statement, two derivations and a diff at least."""
    assert len(run_blocks()) >= 3


@pytest.mark.parametrize("where, line, command, shown", run_blocks(),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_every_output_shown_is_what_the_command_prints(where, line, command, shown, tmp_path):
    """A `$ ledger ...` block is run from the top of the repository (a `diff HEAD:PATH PATH` in a
    repository of its books whose working tree has the change its reported figures show) and
    prints what the block shows."""
    argv = shlex.split(command)[1:]
    cwd = ROOT
    if argv[0] == "diff" and argv[1].startswith("HEAD:"):
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        cwd = tmp_path
        shutil.copytree(ROOT / argv[2], cwd / argv[2])
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
        subprocess.run([*git, "init", "-q"], cwd=cwd, check=True)
        subprocess.run([*git, "add", "."], cwd=cwd, check=True)
        subprocess.run([*git, "commit", "-qm", "books"], cwd=cwd, check=True)
        changes = [re.search(r"~ \S+  (\S+) \w+ -> (\S+) \w+  .*  (\S+):(\d+)$", each) for each in shown]
        changes = [c for c in changes if c]
        assert changes, f"{where}:{line}: no changed figure to make"
        for old, new, path, number in (c.groups() for c in changes):
            lines = (cwd / path).read_text(encoding="utf-8").split("\n")
            assert old in lines[int(number) - 1], f"{where}:{line}: {path}:{number} does not print {old}"
            lines[int(number) - 1] = lines[int(number) - 1].replace(old, new, 1)
            (cwd / path).write_text("\n".join(lines), encoding="utf-8")
    result = ledger(*argv, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    assert matches(shown, result.stdout), f"{where}:{line}: `{command}` prints\n{result.stdout}"


def test_every_link_leads_to_a_file_or_a_heading():
    """A link to a file of the repository names one that exists; a link to `#anchor` names a
    heading of the document that links to it (as GitHub makes anchors from headings)."""
    for name in DOCUMENTS:
        text = text_of(name)
        headings = re.findall(r"^#+ (.+)$", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M), flags=re.M)
        anchors = {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            if path:
                assert (ROOT / Path(name).parent / path).exists(), f"{name}: a link to {path}, which does not exist"
            elif anchor:
                assert anchor in anchors, f"{name}: a link to #{anchor}, which is no heading"


def test_every_code_has_the_severity_the_readme_gives_it():
    """A code that a reproducer under tests/golden/diagnostics/ shows is shown there with a
    severity the README's table of diagnostics gives it (`info` is what the table calls a note)."""
    readme = text_of("README.md")
    table = readme[readme.index("## Diagnostics"):]
    table = table[:table.index("\n## ", 1)]
    given = {}
    for row in re.findall(r"^\| (`.*)$", table, flags=re.M):
        cells = row.split(" | ")
        codes = re.findall(r"`([a-z-]+)`", cells[0])
        stem = codes[0].rsplit("-", 1)[0]
        for code in codes:
            given[stem + code if code.startswith("-") else code] = cells[1]
    shown = 0
    for out in (ROOT / "tests" / "golden" / "diagnostics").glob("*.out"):
        for severity, code in re.findall(r"(error|warning|info)\[([a-z-]+)\]", out.read_text(encoding="utf-8")):
            if code in given:
                shown += 1
                assert severity in given[code], f"{out.name}: {code} is a {severity}; the README says {given[code]}"
    assert shown
