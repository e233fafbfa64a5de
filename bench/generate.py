"""Generated books for the benchmarks: N facts of one company's history, and the same facts for the peers.

A generated ledger looks like a company's whole published history: decades of
fiscal years, each with a quarterly table in JPY millions (quarters, the
fiscal year, yoy% and share% of revenue), an appendix in JPY thousands with a
USD translation column, and a balance sheet at the quarter ends. Line items
form a hierarchy (products, segments, totals) tied by rules for totals,
differences and ratios; the fiscal-year column of every currency flow is
checked against its quarters without a rule. A few deliberate violations
give the checker something to report.

Every printed figure is a fact. The peers' journals (hledger and Ledger
share one format; Beancount has its own) hold one posting line per fact,
so "facts per second" and "lines per second" compare the same amount of
input. Deterministic: the same size and seed give the same bytes.

    python bench/generate.py 10000 --out bench/out/books
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FIRST_YEAR = 1984
MAX_YEARS = 40
SEED = 2003

# One of each deliberate violation, placed by the seed (codes the checker reports).
VIOLATIONS = ("sign-flip", "total-off", "stale-yoy", "bad-usd", "scale-mismatch", "bad-share")


def rdiv(a: int, b: int) -> int:
    """a / b rounded to the nearest integer, halves away from zero: the printer's rounding."""
    if b < 0:
        a, b = -a, -b
    q, r = divmod(abs(a), b)
    if 2 * r >= b:
        q += 1
    return q if a >= 0 else -q


def grouped(value: int) -> str:
    """An integer as printed in a table: 1,234,567, negatives in parentheses."""
    return f"({-value:,})" if value < 0 else f"{value:,}"


def tenths(value: int) -> str:
    """A percentage given in tenths of a percent: -57 -> (5.7%)."""
    text = f"{abs(value) // 10}.{abs(value) % 10}%"
    return f"({text})" if value < 0 else text


class Shape:
    """How many of each thing a book of about N facts has."""

    def __init__(self, facts: int) -> None:
        best = None
        # Prefer decades of history and a realistic product count; sizes differ in segments.
        for years in range(MAX_YEARS, 19, -1):
            for products in range(3, 10):
                for segments in range(1, 4000):
                    count = self.count(years, segments, products)
                    if best is None or abs(count - facts) < abs(best[0] - facts) - facts // 200:
                        best = (count, years, segments, products)
                    if count > facts:
                        break
        self.expected, self.years, self.segments, self.products = best

    @staticmethod
    def count(years: int, segments: int, products: int) -> int:
        """Facts printed by a book of this shape (mirrors `Book.write`)."""
        flow_rows = segments * (2 * products + 3) + 7  # leaves, segment totals; company totals, cash.change
        ratio_rows = segments + 1                       # margins
        quarterly = flow_rows * 7 + ratio_rows * 5
        appendix = flow_rows * 3
        balance = len(STOCKS) * 4
        return years * (quarterly + appendix + balance) - flow_rows  # the first year has no yoy%


STOCKS = ("assets.cash", "assets.receivables", "assets.ppe", "assets.total",
          "liab.payables", "liab.debt", "equity.total", "le.total")


def fiscal_label(year: int) -> str:
    return f"FY{year}"


def quarter_label(year: int, q: int) -> str:
    return f"{q}Q{year % 100:02d}"


def quarter_end(year: int, q: int) -> str:
    """Fiscal years end 03-31 and are named by the year they start in."""
    return (f"{year}-06-30", f"{year}-09-30", f"{year}-12-31", f"{year + 1}-03-31")[q - 1]


class Book:
    """One generated ledger: items, rules, and decades of tables, with the true values kept."""

    def __init__(self, facts: int, seed: int = SEED) -> None:
        self.shape = Shape(facts)
        self.random = random.Random(seed)
        self.years = list(range(FIRST_YEAR, FIRST_YEAR + self.shape.years))
        s, p = self.shape.segments, self.shape.products
        self.segments = [f"s{k:03d}" for k in range(1, s + 1)]
        self.products = [f"p{j:02d}" for j in range(1, p + 1)]
        self.facts = 0
        self.violations: list[tuple[str, str]] = []
        self._plan_violations()
        # JPY per USD in hundredths: 80.00 .. 240.00, one declared rate per fiscal year.
        self.rates = {year: 8000 + self.random.randrange(0, 16000) for year in self.years}

    # -- items -----------------------------------------------------------------------

    def flow_items(self) -> list[str]:
        """Currency flows in the order tables print them: each segment, then the company."""
        rows = []
        for seg in self.segments:
            rows += [f"rev.{seg}.{p}" for p in self.products] + [f"rev.{seg}"]
            rows += [f"cost.{seg}.{p}" for p in self.products] + [f"cost.{seg}", f"gross.{seg}"]
        rows += ["rev.total", "cost.total", "gross.total", "exp.sales", "exp.ga", "op.income", "cash.change"]
        return rows

    def ratio_items(self) -> list[str]:
        return [f"margin.{seg}" for seg in self.segments] + ["margin.op"]

    def declarations(self) -> list[str]:
        out = [
            "# A generated book: one company's published history (bench/generate.py).",
            "",
            'entity gen "Generated Holdings K.K."',
            "  fiscal year ends 03-31",
            "  fiscal year named by start",
            "",
            'currency JPY "Japanese yen"',
            'currency USD "US dollar"',
            "",
        ]
        for seg in self.segments:
            for p in self.products:
                out.append(f'item rev.{seg}.{p} "Revenue, segment {seg}, product {p}" JPY flow credit')
            out.append(f'item rev.{seg} "Revenue, segment {seg}" JPY flow credit')
            out.append("  = " + " + ".join(f"rev.{seg}.{p}" for p in self.products))
            for p in self.products:
                out.append(f'item cost.{seg}.{p} "Cost, segment {seg}, product {p}" JPY flow debit')
            out.append(f'item cost.{seg} "Cost, segment {seg}" JPY flow debit')
            out.append("  = " + " + ".join(f"cost.{seg}.{p}" for p in self.products))
            out.append(f'item gross.{seg} "Gross profit, segment {seg}" JPY flow credit')
            out.append(f"  = rev.{seg} - cost.{seg}")
            out.append(f'item margin.{seg} "Gross margin, segment {seg}" % flow')
            out.append(f"  = gross.{seg} / rev.{seg}")
            out.append("")
        out += [
            'item rev.total "Total revenues" JPY flow credit',
            "  = " + " + ".join(f"rev.{seg}" for seg in self.segments),
            'item cost.total "Total costs" JPY flow debit',
            "  = " + " + ".join(f"cost.{seg}" for seg in self.segments),
            'item gross.total "Gross profit" JPY flow credit',
            "  = rev.total - cost.total",
            'item exp.sales "Sales and marketing" JPY flow debit',
            'item exp.ga "General and administrative" JPY flow debit',
            'item op.income "Operating income" JPY flow credit',
            "  = gross.total - exp.sales - exp.ga",
            'item margin.op "Operating margin" % flow',
            "  = op.income / rev.total",
            'item assets.cash "Cash and cash equivalents" JPY stock debit',
            'item assets.receivables "Accounts receivable" JPY stock debit',
            'item assets.ppe "Property and equipment" JPY stock debit',
            'item assets.total "Total assets" JPY stock debit',
            "  = assets.cash + assets.receivables + assets.ppe",
            'item liab.payables "Accounts payable" JPY stock credit',
            'item liab.debt "Borrowings" JPY stock credit',
            'item equity.total "Total shareholders\' equity" JPY stock credit',
            'item le.total "Total liabilities and equity" JPY stock credit',
            "  = liab.payables + liab.debt + equity.total",
            'item cash.change "Net change in cash" JPY flow',
            "  = assets.cash@close - assets.cash@open",
            "",
            "assert balanced: assets.total = le.total",
            "",
        ]
        for year in self.years:
            rate = self.rates[year]
            out.append(f"rate usd.fy{year}: {rate // 100}.{rate % 100:02d} JPY per USD on {quarter_end(year, 4)}")
        out.append("")
        last = self.years[-1]
        columns = " ".join([quarter_label(last, q) for q in (1, 2, 3, 4)] +
                           [fiscal_label(last), f"yoy%({fiscal_label(last)})",
                            f"share%({fiscal_label(last)}, rev.total)"])
        out.append('statement operations "Consolidated statements of operations" in JPY millions')
        out.append(f"  columns {columns}")
        out += [f"  {item}" for item in self.flow_items() + self.ratio_items()]
        out.append("")
        return out

    # -- true values (JPY thousands) -------------------------------------------------

    def _values(self) -> None:
        """Every item's true quarterly value in JPY thousands, and balance-sheet values."""
        r = self.random
        self.quarters: dict[tuple[str, int, int], int] = {}
        self.stocks: dict[tuple[str, int, int], int] = {}
        base = {}
        for seg in self.segments:
            for p in self.products:
                base[f"rev.{seg}.{p}"] = r.randrange(50_000, 5_000_000)
                base[f"cost.{seg}.{p}"] = base[f"rev.{seg}.{p}"] * r.randrange(55, 90) // 100
        cash = r.randrange(1_000_000, 50_000_000)
        for i, year in enumerate(self.years):
            growth = 100 + r.randrange(-8, 15)
            for name in base:
                base[name] = max(1_000, base[name] * growth // 100)
            for q in (1, 2, 3, 4):
                v = {}
                for name, b in base.items():
                    v[name] = b * r.randrange(85, 116) // 100
                rev_total = cost_total = 0
                for seg in self.segments:
                    v[f"rev.{seg}"] = sum(v[f"rev.{seg}.{p}"] for p in self.products)
                    v[f"cost.{seg}"] = sum(v[f"cost.{seg}.{p}"] for p in self.products)
                    v[f"gross.{seg}"] = v[f"rev.{seg}"] - v[f"cost.{seg}"]
                    rev_total += v[f"rev.{seg}"]
                    cost_total += v[f"cost.{seg}"]
                v["rev.total"], v["cost.total"] = rev_total, cost_total
                v["gross.total"] = rev_total - cost_total
                v["exp.sales"] = rev_total * r.randrange(4, 9) // 100
                v["exp.ga"] = rev_total * r.randrange(3, 7) // 100
                v["op.income"] = v["gross.total"] - v["exp.sales"] - v["exp.ga"]
                opening = cash
                cash = max(100_000, cash + r.randrange(-2_000_000, 2_500_000))
                v["cash.change"] = cash - opening
                for name, value in v.items():
                    self.quarters[(name, year, q)] = value
                receivables = rev_total // 3
                ppe = r.randrange(5_000_000, 80_000_000)
                payables = cost_total // 4
                debt = r.randrange(1_000_000, 40_000_000)
                total = cash + receivables + ppe
                for name, value in (("assets.cash", cash), ("assets.receivables", receivables), ("assets.ppe", ppe),
                                    ("assets.total", total), ("liab.payables", payables), ("liab.debt", debt),
                                    ("equity.total", total - payables - debt), ("le.total", total)):
                    self.stocks[(name, year, q)] = value

    def fy(self, name: str, year: int) -> int:
        return sum(self.quarters[(name, year, q)] for q in (1, 2, 3, 4))

    def _plan_violations(self) -> None:
        r = self.random
        plan = {}
        for kind in VIOLATIONS:
            year = self.years[r.randrange(1, len(self.years))]
            seg = self.segments[r.randrange(len(self.segments))]
            product = self.products[r.randrange(len(self.products))]
            plan[kind] = (year, seg, product)
        self.plan = plan

    # -- writing -------------------------------------------------------------------------

    def write(self, directory: Path) -> dict:
        """Write book.iij, journal.journal (hledger and Ledger) and journal.beancount; return counts."""
        directory.mkdir(parents=True, exist_ok=True)
        self._values()
        declarations = self.declarations()
        journal = _Journal(directory / "journal.journal", "ledger")
        beans = _Journal(directory / "journal.beancount", "beancount")
        accounts = sorted({account(name) for name in self.flow_items() + self.ratio_items() + list(STOCKS)})
        beans.lines.append('option "title" "Generated Holdings K.K."')
        beans.lines.extend(f"1980-01-01 open {a}" for a in accounts + ["Equity:Balancing"])
        with open(directory / "book.iij", "w", encoding="utf-8") as out:
            out.write("\n".join(declarations) + "\n")
            for year in self.years:
                for lines in (self._quarterly(year), self._appendix(year), self._balance(year)):
                    out.write("\n".join(self._emit(lines, journal, beans)) + "\n\n")
        journal.close()
        beans.close()
        return {
            "facts": self.facts,
            "book_lines": _count_lines(directory / "book.iij"),
            "journal_postings": journal.postings,
            "beancount_postings": beans.postings,
            "years": len(self.years),
            "segments": len(self.segments),
            "products": len(self.products),
            "items": len(self.flow_items()) + len(self.ratio_items()) + len(STOCKS),
            "violations": [kind for kind in VIOLATIONS],
        }

    def _emit(self, table, journal, beans):
        """Table lines for the book; each row also becomes one transaction per peer journal."""
        header, date, rows = table
        yield from header
        for head, cells in rows:
            yield "  " + head.ljust(22) + "".join(" " + c.rjust(13) for c in cells)
            printed = [c for c in cells if c != "."]
            self.facts += len(printed)
            journal.transaction(date, head, printed)
            beans.transaction(date, head, printed)

    def _quarterly(self, year: int):
        fy = fiscal_label(year)
        first = year == self.years[0]
        header = [f'table "Quarterly results {fy}" in JPY millions',
                  "  columns" + " " * 16 + "".join(" " + c.rjust(13) for c in (
                      *(quarter_label(year, q) for q in (1, 2, 3, 4)), fy, f"yoy%({fy})",
                      f"share%({fy}, rev.total)"))]
        rows = []
        total = self.fy("rev.total", year)
        for name in self.flow_items():
            qs = [self.quarters[(name, year, q)] for q in (1, 2, 3, 4)]
            value = self.fy(name, year)
            cells = [rdiv(v, 1000) for v in qs] + [rdiv(value, 1000)]
            year_sel, seg, product = self.plan["sign-flip"]
            if year == year_sel and name == f"rev.{seg}.{product}":
                cells[1] = -cells[1]
            year_sel, seg, _ = self.plan["total-off"]
            if year == year_sel and name == f"rev.{seg}":
                cells[2] += 7
            text = [grouped(c) for c in cells]
            if first:
                text.append(".")
            else:
                prior = self.fy(name, year - 1)
                yoy = rdiv(1000 * (value - prior), prior) if prior else None
                year_sel, seg, _ = self.plan["stale-yoy"]
                if yoy is not None and year == year_sel and name == f"cost.{seg}":
                    yoy += 23
                text.append(tenths(yoy) if yoy is not None else ".")
            share = rdiv(1000 * value, total)
            year_sel, seg, _ = self.plan["bad-share"]
            if year == year_sel and name == f"gross.{seg}":
                share = -share
            text.append(tenths(share))
            rows.append((name, text))
        for name in self.ratio_items():
            if name == "margin.op":
                num, den = "op.income", "rev.total"
            else:
                seg = name.split(".")[1]
                num, den = f"gross.{seg}", f"rev.{seg}"
            pairs = [(self.quarters[(num, year, q)], self.quarters[(den, year, q)]) for q in (1, 2, 3, 4)]
            pairs.append((self.fy(num, year), self.fy(den, year)))
            rows.append((name, [tenths(rdiv(1000 * a, b)) for a, b in pairs] + [".", "."]))
        return header, quarter_end(year, 4), rows

    def _appendix(self, year: int):
        fy = fiscal_label(year)
        rate = self.rates[year]
        header = [f'table "Appendix: statements of operations {fy}" in JPY thousands',
                  f"  translate at usd.fy{year}",
                  "  columns" + " " * 16 + "".join(" " + c.rjust(13) for c in (f"USD({fy})", fy, quarter_label(year, 4)))]
        rows = []
        for name in self.flow_items():
            value = self.fy(name, year)
            usd = rdiv(value * 100, rate)
            year_sel, seg, product = self.plan["bad-usd"]
            if year == year_sel and name == f"cost.{seg}.{product}":
                usd = usd * 11 // 10
            printed = value
            year_sel, seg, product = self.plan["scale-mismatch"]
            if year == year_sel and name == f"rev.{seg}.{product}":
                printed = value + 4_321  # the thousands figure no longer rounds to the millions one
            rows.append((name, [grouped(usd), grouped(printed), grouped(self.quarters[(name, year, 4)])]))
        return header, quarter_end(year, 4), rows

    def _balance(self, year: int):
        fy = fiscal_label(year)
        header = [f'table "Balance sheets {fy}" in JPY millions',
                  "  columns" + " " * 16 + "".join(" " + quarter_end(year, q).rjust(13) for q in (1, 2, 3, 4))]
        rows = [(name, [grouped(rdiv(self.stocks[(name, year, q)], 1000)) for q in (1, 2, 3, 4)]) for name in STOCKS]
        return header, quarter_end(year, 4), rows


def account(item: str) -> str:
    """A peer's account name for an item: rev.s001.p01 -> Income:S001:P01."""
    parts = item.replace("%", "").split(".")
    top = {"rev": "Income", "cost": "Expenses:Cost", "exp": "Expenses", "assets": "Assets",
           "liab": "Liabilities", "equity": "Equity"}.get(parts[0], "Equity:Derived:" + parts[0].capitalize())
    return ":".join([top] + [p.capitalize() for p in parts[1:]])


def plain(cell: str) -> str:
    """A printed figure as a plain number for the peers: (1,234) -> -1234, 5.7% -> 5.7."""
    negative = cell.startswith("(")
    digits = cell.strip("()%").replace(",", "")
    return "-" + digits if negative and digits.strip("0.") else digits


class _Journal:
    """A peer journal written as it is generated: one posting line per printed figure."""

    def __init__(self, path: Path, dialect: str) -> None:
        self.file = open(path, "w", encoding="utf-8")
        self.dialect = dialect
        self.lines: list[str] = []
        self.postings = 0

    def transaction(self, date: str, item: str, cells: list[str]) -> None:
        assert len(cells) >= 2, "every printed row has at least two figures"
        flag = " *" if self.dialect == "beancount" else ""
        title = f'"{item}"' if self.dialect == "beancount" else item
        self.lines.append(f"{date}{flag} {title}")
        name = account(item)
        for cell in cells[:-1]:
            self.lines.append(f"    {name}    {plain(cell)} JPY")
        # The last figure's posting balances the transaction: its amount is left to the tool.
        self.lines.append("    Equity:Balancing")
        self.lines.append("")
        self.postings += len(cells)
        if len(self.lines) > 10_000:
            self.flush()

    def flush(self) -> None:
        self.file.write("\n".join(self.lines) + "\n")
        self.lines = []

    def close(self) -> None:
        self.flush()
        self.file.close()


def _count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def generate(facts: int, directory: Path, seed: int = SEED) -> dict:
    """Write a book of about `facts` facts and its peer journals into `directory`; return counts."""
    return Book(facts, seed).write(Path(directory))


# Hostile books for the error path (issue #10): each about `size` bytes, one shape repeated.
_HEADER = ('entity x "X"\n  fiscal year ends 03-31\n  fiscal year named by start\n'
           'currency JPY "yen"\nitem rev "Revenue" JPY flow credit\n')
ADVERSARIAL = {
    # every row the same fact: a duplicate-fact warning per row
    "duplicated rows": lambda size: _HEADER + 'table "T" in JPY millions\n  columns 1Q03\n'
                                    + "  rev 1,234\n" * (size // 12),
    # a declaration keyword and a syntax error on every line
    "broken lines": lambda size: _HEADER + "item 1x\n" * (size // 8),
    # one table row of `size` bytes whose last cell is bad
    "one long bad row": lambda size: _HEADER + 'table "T" in JPY millions\n  columns 1Q03\n  rev'
                                     + " 1,234" * (size // 6) + " 1x2\n",
}


def adversarial(size: int, directory: Path) -> dict[str, Path]:
    """Write each hostile book of about `size` bytes into `directory`; return their paths by name."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in ADVERSARIAL.items():
        path = directory / (name.replace(" ", "-") + ".iij")
        path.write_text(text(size), encoding="utf-8")
        paths[name] = path
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("facts", type=int, help="about how many facts (printed figures) the book holds")
    parser.add_argument("--out", default="bench/out/books", help="directory for book.iij and the journals")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    counts = generate(args.facts, Path(args.out), args.seed)
    print(counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
