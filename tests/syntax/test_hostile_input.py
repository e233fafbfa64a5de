"""Hand-converted terminals are total: a bad or extreme token is a diagnostic, never an exception (issue #10)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledgerlang.model.expr import Bin, Num
from ledgerlang.syntax import nodes as n
from support import PRELUDE, book, diagnose, evaluated, ledger

ITEMS = 'item rev "Revenue" JPY flow\nitem cash "Cash" JPY stock\n'


@pytest.mark.parametrize("factor, value", [
    ("2", "2"), ("(2)", "2"), ("(1.076)", "1.076"), ("107.6%", "1.076"), ("5%", "0.05"), ("(5%)", "0.05"),
    ("1,000", "1000"), ("+2", "2"), ("-2", "-2"), ("(-2)", "-2"),
])
def test_a_guidance_factor_in_parentheses_or_with_a_percent_sign_has_its_obvious_value(factor, value):
    """`~ (1.076) * x` is 1.076 times x and `~ 107.6% * x` too; parentheses group, they do not negate."""
    from ledgerlang.syntax.transformer import guidance_factor

    assert guidance_factor(factor) == Decimal(value)
    loaded, diagnostics = book(ITEMS + f'guidance "g" given 2003-02\n  rev@FY2014 ~ {factor} * rev@FY2013\n')
    assert not diagnostics
    (line,) = loaded.guidance
    assert isinstance(line.rhs, Bin) and isinstance(line.rhs.left, Num) and line.rhs.left.value == Decimal(value)


def test_an_unbalanced_or_overlong_guidance_factor_is_a_diagnostic_and_the_rest_is_kept():
    """A factor that is not a number is reported at its place; the guidance's other lines stay."""
    found = diagnose(ITEMS + 'guidance "g" given 2003-02\n  rev@FY2014 ~ (2 * rev@FY2013\n'
                     f'  rev@FY2014 ~ {"1" * 40} * rev@FY2013\n  rev@FY2014 > 1 JPY\n')
    bad = [d for d in found if d.code == "bad-figure"]
    assert [d.span.line for d in bad] == [10, 11] and "unbalanced" in bad[0].message and "40 digits" in bad[1].message
    loaded, _ = book(ITEMS + 'guidance "g" given 2003-02\n  rev@FY2014 ~ (2 * rev@FY2013\n  rev@FY2014 > 1 JPY\n')
    assert len(loaded.guidance) == 1


def test_scaled_guidance_checks_against_the_actual():
    """107.6% of 100 is 107.6: an actual of 108 is near it, within rounding of the guidance's note."""
    found = diagnose(ITEMS + 'table "T" in JPY millions\n  columns FY2013 FY2014\n  rev 100 108\n'
                     'guidance "g" given 2013-05\n  rev@FY2014 ~ 107.6% * rev@FY2013\n')
    assert [d.code for d in found if d.code.startswith("guidance")], found
    assert not [d for d in found if d.severity > 1]


@pytest.mark.parametrize("command", [("check",), ("eval",), ("eval", "--format", "json"), ("facts",)])
def test_every_command_reads_a_percent_factor(tmp_path, command):
    """`~ 107.6% * x` was a traceback in every command, facts (the git textconv) included."""
    path = tmp_path / "g.iij"
    path.write_text(PRELUDE + ITEMS + 'guidance "g" given 2003-02\n  rev@FY2014 ~ 107.6% * rev@FY2013\n',
                    encoding="utf-8")
    result = ledger(*command, str(path))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_a_shift_of_more_than_4300_digits_is_a_bad_anchor():
    """Python refuses to convert such a number; the reader reports the shift, quoted short."""
    found = diagnose(ITEMS + "rule rev = rev@-" + "9" * 4400 + "y\n")
    assert [d.code for d in found] == ["bad-anchor"]
    assert "past the calendar" in found[0].message and len(found[0].message) < 200


@pytest.mark.parametrize("shift", ["+40001q", "+99999999999999999999q", "-10001y"])
def test_a_shift_past_the_calendar_is_a_bad_anchor(shift):
    """More quarters than the years 1 to 9999 hold: reported where it is written."""
    found = diagnose(ITEMS + f"rule cash = cash@{shift}\n")
    assert [(d.code, d.span.line) for d in found] == [("bad-anchor", 9)]


def test_a_shift_that_leaves_the_calendar_names_no_period():
    """@+40000q from 1Q03, or a quarter after 9999-12-31: no value there, so the rule is not checked."""
    evaluation = evaluated(ITEMS + "rule rev = rev@+40000q\nrule cash = cash@+1q\n"
                           'table "T" in JPY millions\n  columns 1Q03\n  rev 1\n'
                           'table "B" in JPY millions\n  columns 9999-12-31 0001-01-31\n  cash 5 6\n')
    rules = evaluation.book.rules
    assert evaluation.evaluate(rules[0].expr, evaluation.reported_periods("rev")[0]) is None
    for period in evaluation.reported_periods("cash"):
        assert evaluation.evaluate(rules[1].expr, period) is None
    found = diagnose(ITEMS + "rule cash = cash@-1q\n"
                     'table "B" in JPY millions\n  columns 0001-03-31 0001-06-30\n  cash 5 9\n')
    assert [d.code for d in found] == ["total-mismatch"]  # 9 at June against 5 at March; nothing before year 1


@pytest.mark.parametrize("label", ["1Q0000", "FY0000", "FY0001", "FY9999", "2H9999"])
def test_a_fiscal_period_outside_the_calendar_is_a_bad_period(label):
    """Year 0 (the day before 1Q0000 opens is in year 0) and beyond 9998 are refused where written."""
    found = diagnose(ITEMS + f'table "T" in JPY millions\n  columns {label} 1Q03\n  cash@open 5 6\n  rev 1 2\n'
                     f'statement s "S" in JPY millions\n  columns {label}\n  cash@open\n')
    # the figures in the refused column are not checked, and say so (not-checkable)
    assert {d.code for d in found} - {"not-checkable"} == {"bad-period"}
    assert "FY2 to FY9998" in next(d for d in found if d.code == "bad-period").message


def test_year_0_through_open_in_a_statement_is_no_traceback(tmp_path):
    """`columns 1Q0000` with `cash@open` crashed every command."""
    path = tmp_path / "y.iij"
    path.write_text(PRELUDE + ITEMS + 'table "T" in JPY millions\n  columns 1Q0000 1Q03\n  cash@open 5 6\n'
                    'statement s "S" in JPY millions\n  columns 1Q0000 1Q03\n  cash@open\n', encoding="utf-8")
    for command in ("check", "eval"):
        result = ledger(command, str(path))
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr


def test_syntax_errors_are_capped_per_file_and_reading_stops_with_a_note():
    """A million broken declarations are not a million parses: after the limit, one diagnostic says where reading stopped."""
    from ledgerlang.syntax.parse import MAX_SYNTAX_ERRORS, parse

    text = PRELUDE + "item 1x\n" * (MAX_SYNTAX_ERRORS + 50) + 'item ok "OK" JPY flow\n'
    tree, diagnostics = parse(text, "t.iij")
    assert [d.code for d in diagnostics] == ["syntax"] * MAX_SYNTAX_ERRORS + ["too-many-errors"]
    stop = diagnostics[-1]
    assert stop.span.line == len(PRELUDE.splitlines()) + MAX_SYNTAX_ERRORS + 1
    assert not any(isinstance(d, n.ItemDecl) for d in tree.declarations)  # past the stop: not read


# Control characters in quoted texts. The books are real (the IIJ releases); the control
# characters are put into their quoted texts here, since no real release holds one.
IIJ = ("books/iij/iij.iij", "books/iij/iij-1q03-earnings-release.iij")
CONTROLS = ("\x00", "\x01", "\x1b", "\x1f", "\x7f", "\x80", "\x9b", "\x9f")


def _with_char_in_each_quote(text: str, char: str) -> tuple[str, set[tuple[int, int]]]:
    """`text` with `char` after the first character of each line's first quoted text (not an
    include's, whose NUL is told by the include), and the (line, column) of each one put in."""
    lines, places = [], set()
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        quote = line.find('"')
        if quote >= 0 and "#" not in line[:quote] and not line.lstrip().startswith("include"):
            line = line[:quote + 2] + char + line[quote + 2:]
            places.add((number, quote + 3))
        lines.append(line)
    return "".join(lines), places


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("name", IIJ)
def test_a_control_character_in_any_quoted_text_is_told_at_its_column(name, char):
    """A NUL, an escape, DEL or a C1 control in a label, title, note, claim or guidance is a
    `control-character` error at the character itself, once per text, with its code point."""
    from ledgerlang.syntax.parse import parse

    from support import ROOT

    text, places = _with_char_in_each_quote((ROOT / name).read_text(encoding="utf-8"), char)
    assert len(places) > 5  # the book's entity, units, items, tables, claims and guidance
    _, diagnostics = parse(text, name)
    found = [d for d in diagnostics if d.code == "control-character"]
    assert {(d.span.line, d.span.column) for d in found} == places and len(found) == len(places)
    assert all(f"U+{ord(char):04X}" in d.message and "delete it" in d.notes[-1] for d in found)
    assert all(str(d.severity) == "error" for d in found)


@pytest.mark.parametrize("char", ("\t", "\u00a0", "\u00e9", "\u3000"), ids=lambda c: f"U+{ord(c):04X}")
def test_a_tab_or_a_printable_character_in_a_quoted_text_is_no_control_character(char):
    """A tab, a no-break space and any printable character are text like any other."""
    from ledgerlang.syntax.parse import parse

    from support import ROOT

    text, places = _with_char_in_each_quote((ROOT / IIJ[1]).read_text(encoding="utf-8"), char)
    assert places
    _, diagnostics = parse(text, IIJ[1])
    assert not [d for d in diagnostics if d.code == "control-character"]


def test_a_label_with_a_control_character_still_loads_and_checks():
    """The item is kept with its label as written: the rest of the book still checks."""
    loaded, diagnostics = book(ITEMS.replace('"Revenue"', '"Reve\x00nue"') + 'table "T" in JPY millions\n'
                               '  columns FY2013\n  rev 100\n')
    assert [d.code for d in diagnostics] == ["control-character"]
    assert loaded.items["rev"].label == "Reve\x00nue" and len(loaded.facts) == 1


def test_a_nul_in_an_included_file_name_is_told_once(tmp_path):
    """An include's NUL is `unreadable` (no file name holds one), not also a control character."""
    path = tmp_path / "b.iij"
    path.write_text('include "iij\x00.iij"\n' + PRELUDE, encoding="utf-8")
    result = ledger("check", str(path))
    assert "[unreadable]" in result.stdout and "[control-character]" not in result.stdout, result.stdout


def test_a_long_quoted_label_is_lexed_in_memory_that_does_not_grow_per_character():
    """A 1 MB label: the STRING terminal kept a backtracking entry per character (150 MB here, a
    5 MB label 900 MB and 1.5 s); a run of plain characters is one step, a few MB in all."""
    import tracemalloc

    from ledgerlang.syntax.parse import parse

    # A real label (the IIJ statements' "Total revenues") repeated, as no release prints one this long.
    label = "Total revenues " * 70_000
    text = f'currency JPY\nitem rev "{label}" JPY flow credit\n'
    parse(text, "warm.iij")  # the tables and the lexer's patterns, loaded before measuring
    tracemalloc.start()
    try:
        tree, diagnostics = parse(text, "long.iij")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not diagnostics and tree.declarations[-1].label == label
    assert peak < 8 * len(text), f"{peak:,} bytes traced for {len(text):,} bytes of text"
