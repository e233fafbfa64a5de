"""Completion for a book written from nothing: each choice once, and the calendar's periods before
the book has reported a figure (a new table's `columns`, a claim's `@`). A raw client."""

from __future__ import annotations

import datetime

from .test_quiet import labels

HEAD = 'entity acme "Acme"\n  fiscal year ends 12-31\ncurrency USD "US dollar"\nitem rev "Revenue" USD flow credit\n'


def test_a_line_start_offers_each_word_once(wire, tmp_path):
    u = wire.open(tmp_path / "book.iij", HEAD + 'table "Income" in USD millions\n\n')
    wire.diagnostics(u, 1)
    found = labels(wire, u, 5, 0)
    assert len(found) == len(set(found)), sorted(w for w in found if found.count(w) > 1)
    assert {"table", "item", "columns", "restated", "rounding", "rev"} <= set(found)


def test_a_line_start_offers_only_what_may_start_a_line_there(wire, tmp_path):
    """A line's first word is a declaration's keyword, or a word of the declaration it continues: an
    entity's `fiscal`, a table's `columns`, options and rows' items, a statement's `columns` and items.
    A table's `flow`, a scale, `yoy%(` or an item after a one-line declaration were offered at any line's
    start, each a syntax error there (grammar/ledger.lark). A claim's line starts with its item or a
    measure."""
    from ledgerlang.lsp import vocabulary

    declarations = set(vocabulary.words()["declaration"])
    places = {
        "": ("", declarations),
        'entity acme "Acme"\n': ("entity", declarations | {"fiscal"}),
        HEAD: ("item", declarations),
        HEAD + 'rule rev = rev\n': ("rule", declarations),
        HEAD + 'table "Income" in USD millions\n  columns FY2024\n  rev 10\n': (
            "table", declarations | {"columns", "restated", "rounding", "translate", "rev"}),
        HEAD + 'statement income "Income" in USD millions\n  columns FY2024\n': (
            "statement", declarations | {"columns", "rev"}),
        HEAD + 'claim "Revenue was $10 million"\n': ("claim", declarations | {"rev", "yoy%(", "qoq%(", "share%("}),
    }
    for text, (after, expected) in places.items():
        u = wire.open(tmp_path / f"{after or 'empty'}.iij", text + "  ")
        wire.diagnostics(u, 1)
        assert set(labels(wire, u, text.count("\n"), 2)) == expected, after


def test_a_new_tables_columns_offer_the_periods_of_its_years(wire, tmp_path):
    text = HEAD + 'table "Income" in USD millions\n  columns FY2024 \n'
    u = wire.open(tmp_path / "book.iij", text)
    wire.diagnostics(u, 1)
    found = labels(wire, u, 5, len("  columns FY2024 "))
    assert {"FY2023", "1Q24", "2H24", "2024-12-31", "FY2025", "yoy%("} <= set(found)


def test_a_book_with_no_table_yet_offers_this_years_periods_after_at(wire, tmp_path):
    text = HEAD + 'claim "Revenue was $100 million"\n  rev@\n'
    u = wire.open(tmp_path / "book.iij", text)
    wire.diagnostics(u, 1)
    year = datetime.date.today().year
    found = labels(wire, u, 5, len("  rev@"))
    assert {f"FY{year}", f"1Q{year % 100:02d}", "-1y"} <= set(found)


def test_an_items_declaration_is_completed_word_by_word(wire, tmp_path):
    """item ID "Label" UNIT flow|stock [debit|credit]: after the label the units, then flow or
    stock, then debit or credit; never a table's scale or rounding words."""
    lines = ['item cost "Cost" ', 'item cost "Cost" US', 'item cost "Cost" USD ', 'item cost "Cost" USD flow ',
             'item cost "Cost" USD flow debit ']
    u = wire.open(tmp_path / "book.iij", HEAD + "\n".join(lines) + "\n")
    wire.diagnostics(u, 1)
    found = [labels(wire, u, 4 + k, len(line)) for k, line in enumerate(lines)]
    assert found == [["USD", "%"], ["USD", "%"], ["flow", "stock", "average"], ["debit", "credit"], []]


HEADERS = [
    ('table "Income" ', ["in"]),
    ('table "Income" in ', ["USD", "thousands", "millions", "billions"]),
    ('table "Income" in USD ', ["thousands", "millions", "billions"]),
    ("  rounding ", ["nearest", "truncate", "exact"]),
    ("  rounding truncate ", ["amounts"]),
    ("  rounding nearest ", []),
    ("  fiscal ", ["year"]),
    ("  fiscal year ", ["ends", "named"]),
    ("  fiscal year named by ", ["start", "end"]),
    ('guidance "FY2025 revenue" ', ["given"]),
    ("rate usd.fy24: 150.5 ", ["USD"]),
    ("rate usd.fy24: 150.5 USD ", ["per"]),
    ('currency ', []),
]


def test_a_declarations_first_line_is_completed_with_what_the_grammar_takes_next(wire, tmp_path):
    """Where a newcomer writes a table's header or an option, the words that may come next, not every
    item, function and keyword of the language."""
    u = wire.open(tmp_path / "book.iij", HEAD + "\n".join(line for line, _ in HEADERS) + "\n")
    wire.diagnostics(u, 1)
    found = [(line, labels(wire, u, 4 + k, len(line))) for k, (line, _) in enumerate(HEADERS)]
    assert found == HEADERS


def test_a_tables_row_is_completed_as_a_row_not_as_an_expression(wire, tmp_path):
    """In a row, `@` takes open or close (`cash@close`), never a period, which the row's head cannot
    hold; the cells are figures, typed; under a claim, `rev@` still takes the periods."""
    text = HEAD + ('item cash "Cash" USD stock debit\ntable "Balance" in USD millions\n  columns FY2024\n'
                   '  # a comment line between rows\n  cash@\n  rev 100 \nclaim "Revenue was $100 million"\n  rev@\n')
    u = wire.open(tmp_path / "book.iij", text)
    wire.diagnostics(u, 1)
    assert labels(wire, u, 8, len("  cash@")) == ["open", "close"]
    assert labels(wire, u, 9, len("  rev 100 ")) == []
    found = labels(wire, u, 11, len("  rev@"))
    assert {"FY2024", "-1y", "close"} <= set(found)


def include_choices(wire, u: str, line: int, character: int, trigger: str | None = None) -> list[tuple[str, str]]:
    context = {"triggerKind": 2, "triggerCharacter": trigger} if trigger else {"triggerKind": 1}
    found = wire.request("textDocument/completion", {"textDocument": {"uri": u}, "context": context,
                                                     "position": {"line": line, "character": character}})
    return [(item["label"], item["textEdit"]["newText"]) for item in found["result"]["items"]]


def test_an_include_offers_the_books_and_folders_beside_the_book_and_none_outside_its_root(wire, tmp_path):
    """`include "` offers the .iij books and the folders where the including book is, then those in a
    folder typed (`defs/`), never the book itself, a hidden file or another kind of file, and nothing
    outside the workspace folder, which an include may not read. A quote or a slash typed elsewhere
    asks for nothing."""
    (tmp_path / "defs").mkdir()
    (tmp_path / "defs" / "iij.iij").write_text(HEAD, encoding="utf-8")
    (tmp_path / "defs" / "notes.txt").write_text("not a book", encoding="utf-8")
    (tmp_path / "q1.iij").write_text(HEAD, encoding="utf-8")
    (tmp_path / ".hidden.iij").write_text(HEAD, encoding="utf-8")
    lines = ['include "', 'include "defs/', 'include "../', 'claim "Revenue was $1 million/']
    u = wire.open(tmp_path / "book.iij", HEAD + "\n".join(lines) + "\n")
    wire.diagnostics(u, 1)
    assert include_choices(wire, u, 4, len(lines[0]), '"') == [("q1.iij", "q1.iij"), ("defs/", "defs/")]
    assert include_choices(wire, u, 5, len(lines[1]), "/") == [("iij.iij", "defs/iij.iij")]
    assert include_choices(wire, u, 6, len(lines[2]), "/") == []  # outside the workspace folder
    assert include_choices(wire, u, 7, len(lines[3]), "/") == []  # a slash in a claim's text
    assert include_choices(wire, u, 7, len('claim "'), '"') == []


def test_a_fiscal_year_offers_the_days_years_end_on(wire, tmp_path):
    """`fiscal year ends ` offers the quarter ends a fiscal year ends on (03-31 first, as in Japan),
    where it offered nothing, and each reads back as the entity's calendar."""
    text = 'entity acme "Acme"\n  fiscal year ends '
    u = wire.open(tmp_path / "book.iij", text)
    wire.diagnostics(u, 1)
    found = labels(wire, u, 1, len("  fiscal year ends "))
    assert found == ["03-31", "12-31", "06-30", "09-30"]
    for day in found:
        version = wire.edit(u, (1, len("  fiscal year ends ")), (1, 10**4), day)
        assert not wire.diagnostics(u, version), day


# The first lines of a book of Meade Instruments' third quarter of fiscal 2007 (tests/draft/data/
# meade-3q07-exhibit-99-1.html: net sales and cost of sales, three months ended November 30, 2006).
MEADE = ('entity meade "Meade Instruments Corp."\n  fiscal year ends 02-28\n  fiscal year named by end\n'
         'currency USD "US dollar"\nitem sales "Net sales" USD flow credit\n'
         'item cost "Cost of sales" USD flow debit\nitem gp "Gross profit" USD flow credit\n'
         'table "Consolidated statements of operations" in USD\n  columns 3Q FY2007\n'
         '  sales 48,498,000\n  cost 38,189,000\n')


def test_an_expression_is_offered_what_an_expression_takes(wire, tmp_path):
    """Where the grammar takes an expression (a rule's, an assertion's, an item's `=`, a claim's line
    before its `=`) the completion offers items, measures and a currency's translation `USD(`, and after
    `rule ` the item it is about; a keyword (`amounts`, `fiscal`), a scale or a bare unit there was a
    syntax error or an unknown item, and after `assert ` a new name is typed. After a claim's `=` its
    figure takes a unit and a scale, which are still offered."""
    cases = {
        "rule ": {"sales", "cost", "gp"},
        "rule gp = sales - ": {"sales", "cost", "gp", "yoy%(", "qoq%(", "share%(", "USD("},
        "assert ": set(),
        "assert gross_profit: ": {"sales", "cost", "gp", "yoy%(", "qoq%(", "share%(", "USD("},
        "item margin \"Gross margin\" % flow\n  = ": {"sales", "cost", "gp", "yoy%(", "qoq%(", "share%(", "USD("},
        'claim "Gross profit was $10.3 million"\n  sales - ': {"sales", "cost", "gp", "yoy%(", "qoq%(", "share%(",
                                                            "USD("},
        'claim "Net sales were $48.5 million"\n  USD(': {"sales", "cost", "gp", "yoy%(", "qoq%(", "share%(", "USD("},
    }
    u = wire.open(tmp_path / "meade.iij", MEADE)
    wire.diagnostics(u, 1)
    for typed, expected in cases.items():
        text = MEADE + typed
        version = wire.edit(u, (0, 0), (len(MEADE.split("\n")) + 3, 0), text)
        wire.diagnostics(u, version)
        lines = text.split("\n")
        assert set(labels(wire, u, len(lines) - 1, len(lines[-1]))) == expected, typed
    text = MEADE + 'claim "Net sales were $48.5 million"\n  sales@3Q FY2007 = 48.5 '
    version = wire.edit(u, (0, 0), (len(MEADE.split("\n")) + 3, 0), text)
    wire.diagnostics(u, version)
    lines = text.split("\n")
    assert {"USD", "millions", "exact"} <= set(labels(wire, u, len(lines) - 1, len(lines[-1])))
