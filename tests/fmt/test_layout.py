"""`ledger fmt` lays out from the syntax tree: aligned tables, kept comments, figures as printed."""

import textwrap

from ledgerlang.fmt import format_text
from support import PRELUDE


def fmt(text: str, prelude: bool = True) -> str:
    source = (PRELUDE if prelude else "") + textwrap.dedent(text)
    output, diagnostics = format_text(source, "book.iij")
    assert diagnostics == [], diagnostics
    return output[len(PRELUDE):] if prelude else output


def test_table_cells_are_right_aligned_in_columns():
    """Each cell column is as wide as its widest cell or header, and cells are right-aligned."""
    out = fmt("""
        item a "A" JPY flow
        item total.revenue "Total" JPY flow
        table "T" in JPY millions
        columns 1Q03   1Q02 yoy%(1Q03)
        a 3,321 3,523 -5.7%
        total.revenue   13,036  9,849   (15.3%)
        """)
    assert out.splitlines()[-3:] == [
        "  columns          1Q03   1Q02  yoy%(1Q03)",
        "  a               3,321  3,523       -5.7%",
        "  total.revenue  13,036  9,849     (15.3%)",
    ]


def test_figures_keep_their_printed_text():
    """Separators, parentheses, trailing zeros, dashes and dots are printed exactly as written."""
    out = fmt("""
        item a "A" JPY flow
        table "T" in JPY thousands
          columns 1Q03 1Q02 4Q02 2Q02
          a (1,059,574)   3321.50 - .
        """)
    assert out.splitlines()[-1].split() == ["a", "(1,059,574)", "3321.50", "-", "."]


def test_trailing_comment_stays_on_its_line():
    """A comment after a row is still after that row, two spaces after its last cell."""
    out = fmt("""
        item a "A" JPY flow
        item b "B" JPY flow
        table "T" in JPY millions
          columns 1Q03
          a    1   # restated in 2004
          b   22
        """)
    assert "  a           1  # restated in 2004" in out.splitlines()


def test_own_line_comment_precedes_the_same_line_with_its_indentation():
    """A comment on a line of its own stays before the line that followed it, indented like it."""
    out = fmt("""
        item a "A" JPY flow
        item b "B" JPY flow
        table "T" in JPY millions
          columns 1Q03
          a 1
        # b is from the appendix
          b 2
        """)
    lines = out.splitlines()
    assert lines[lines.index("  # b is from the appendix") + 1].split() == ["b", "2"]


def test_runs_of_blank_lines_become_one_and_the_file_ends_with_one_newline():
    """Blank lines between declarations are kept, but never more than one in a row."""
    out = fmt("\n\n\ncurrency EUR\n\n\n\nunit boxes\n\n\n", prelude=False)
    assert out == "currency EUR\n\nunit boxes\n"


def test_spacing_within_a_line_is_normalized():
    """Words are one space apart and continuation lines are indented by two spaces."""
    out = fmt('entity   acme    "Acme"\n       fiscal   year ends\t03-31\n', prelude=False)
    assert out == 'entity acme "Acme"\n  fiscal year ends 03-31\n'


def test_rule_parentheses_that_matter_are_kept():
    """`a - (b - c)` keeps its parentheses; redundant ones around a product go."""
    out = fmt("""
        item a "A" JPY flow
        item b "B" JPY flow
        item c "C" JPY flow
        rule a = b - (c - a)
        rule b = (a * 2) + c
        """)
    assert "rule a = b - (c - a)" in out
    assert "rule b = a * 2 + c" in out


def test_item_labels_are_aligned_within_a_paragraph():
    """Items without a blank line between them share one column for labels and one for units."""
    out = fmt("""
        item a "A" JPY flow
        item long.name "A longer label" JPY flow credit
          = a
        """)
    assert out.splitlines()[-3:] == [
        'item a         "A"              JPY flow',
        'item long.name "A longer label" JPY flow credit',
        "  = a",
    ]


def test_labels_of_wide_characters_are_aligned_as_an_editor_shows_them():
    """A Japanese label takes two columns a character in a fixed-width font: its units line up
    with the others' on screen, not by the count of characters; a combining accent takes none."""
    out = fmt("""
        item a "売上高" JPY flow
        item b "Revenue B" JPY flow
        item c "Cafe\u0301" JPY flow
        """)
    lines = out.splitlines()[-3:]
    assert lines == ['item a "売上高"    JPY flow', 'item b "Revenue B" JPY flow', 'item c "Cafe\u0301"      JPY flow']
    columns = [len(line[:line.index("JPY")]) + sum(1 for ch in line[:line.index("JPY")] if "\u3000" <= ch <= "\u9fff")
               - line.count("\u0301") for line in lines]
    assert len(set(columns)) == 1  # JPY at one screen column


def test_a_definition_on_the_item_line_stays_there():
    """The layout keeps the line structure, so a same-line definition is not moved below."""
    out = fmt("""
        item a "A" JPY flow
        item b "B" JPY flow   =   a   # b is a
        """)
    assert out.splitlines()[-1] == 'item b "B" JPY flow = a  # b is a'


def test_a_file_with_syntax_errors_is_not_formatted():
    """Syntax errors come back as diagnostics and no output."""
    output, diagnostics = format_text('item a "A" JPY flo\n', "bad.iij")
    assert output is None
    assert [d.code for d in diagnostics] == ["syntax"]


def test_a_tables_options_are_kept_as_written_with_their_scope():
    """`rounding truncate amounts` is a table's rounding with its scope: fmt must keep the scope,
    which changes what every percentage in the table stands for, and lay it out as the others."""
    out = fmt("""
        item a "A" JPY flow
        table "T" in JPY millions
           rounding   truncate    amounts
          columns FY2024 yoy%(FY2024)
          a 1,000 5.0%
        """)
    assert out.splitlines()[-4:-2] == ['table "T" in JPY millions', "  rounding truncate amounts"]
