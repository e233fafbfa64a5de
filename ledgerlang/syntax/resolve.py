"""Resolve expressions: names to items, functions to measures, and their units.

A rule is written once and applied to every period, so what can be checked
without periods is checked here: unknown names, anchors, units that do not
add up, stocks used on durations and flows at instants.
"""

from __future__ import annotations

from ledgerlang.diagnostic import error
from ledgerlang.model.book import a_kind
from ledgerlang.model.expr import Bin, Call, Edge, Expr, Neg, Num, Ref, refs, show
from ledgerlang.model.period import FIRST_FY, LAST_FY, Duration, Instant
from ledgerlang.model.record import maker
from ledgerlang.model.unit import PURE, in_one_currency

# A translation per translated table cell (`translation`): made without the type's call (model/record.py `maker`).
_call = maker(Call)

CHANGE = ("yoy%", "qoq%")


def did_you_mean(name: str, known, otherwise: str = "hint: declare it first") -> str:
    import difflib  # only when a name is unknown: a book without mistakes never imports it

    # a name that differs only in case (usd for USD, Rev.Total for rev.total) first: difflib compares
    # characters as they are, and finds nothing close in `usd` against `USD`
    close = [k for k in known if k.lower() == name.lower()][:1] or difflib.get_close_matches(name, list(known), n=1,
                                                                                              cutoff=0.6)
    return f"hint: did you mean {close[0]}?" if close else otherwise


class Resolver:
    def __init__(self, items, units, rates, report) -> None:
        self.items, self.units, self.rates, self.report = items, units, rates, report
        self.about = "this rule"

    def expression(self, expr: Expr, context_instant: bool | None, about: str = "this rule") -> Expr | None:
        """The expression with functions resolved, or None after reporting why not. `about` names, in
        a message, what the expression is read for: a rule, or a claim's line at its period."""
        self.about = about
        before = len_ok = [True]
        resolved = self._walk(expr, context_instant, len_ok)
        if not before[0] or resolved is None:
            return None
        if self.unit_of(resolved, report=True) is False:
            return None
        self._stock_sums(resolved)
        return resolved

    def _walk(self, expr: Expr, context_instant, ok) -> Expr | None:
        if isinstance(expr, Num):
            return expr
        if isinstance(expr, Ref):
            return self._ref(expr, context_instant, ok)
        if isinstance(expr, Neg):
            inner = self._walk(expr.operand, context_instant, ok)
            return Neg(inner, expr.span) if inner is not None else None
        if isinstance(expr, Bin):
            left = self._walk(expr.left, context_instant, ok)
            right = self._walk(expr.right, context_instant, ok)
            return Bin(expr.op, left, right, expr.span) if left is not None and right is not None else None
        rate = None
        raw = expr.args
        if (len(raw) == 2 and isinstance(raw[1], Ref) and raw[1].item in self.rates
                and raw[1].item not in self.items):
            rate, raw = raw[1].item, raw[:1]  # USD(x, usd.2003q1): the rate to translate at
        args = [self._walk(a, context_instant, ok) for a in raw]
        if any(a is None for a in args):
            return None
        return self._call(Call(expr.function, expr.args, rate, expr.span), tuple(args), ok)

    def _ref(self, ref: Ref, context_instant, ok) -> Ref | None:
        item = self.items.get(ref.item)
        if item is None:
            self.report(error("unknown-item", f"{ref.item} is not a declared item", ref.span, did_you_mean(ref.item, self.items)))
            ok[0] = False
            return None
        anchor = ref.anchor
        if isinstance(anchor, str) and anchor[:1] in "+-" and anchor[1:-1].isdigit():
            self.report(error("bad-anchor", f"{ref.item}@{_short(anchor)}: shifts past the calendar ledgerlang "
                              f"handles (fiscal years {FIRST_FY} to {LAST_FY})", ref.span,
                              "hint: write a shift of at most a few years, such as x@-1y or x@-4q"))
            ok[0] = False
            return None
        if isinstance(anchor, str):
            self.report(error("bad-anchor", f"{ref.item}@{_short(anchor)}: not a period, a shift or open/close", ref.span,
                              "hint: write x@1Q03, x@-1y, x@-1q, x@open or x@close"))
            ok[0] = False
            return None
        if context_instant is True and item.is_flow and not isinstance(anchor, Duration):
            self.report(error("flow-on-instant", f"{ref.item} is {a_kind(item)}, but {self.about} is about an instant",
                              ref.span, f"hint: a flow needs a duration, such as {ref.item}@FY2003"))
            ok[0] = False
            return None
        if context_instant is False and not item.is_flow and not isinstance(anchor, (Edge, Instant)):
            self.report(error("stock-on-duration", f"{ref.item} is a stock, but {self.about} is about a duration",
                              ref.span, f"hint: a stock has a value at a date, such as {ref.item}@2003-06-30"
                              if isinstance(anchor, Duration) else f"hint: write {ref.item}@close or {ref.item}@open"))
            ok[0] = False
            return None
        return ref

    def _call(self, call: Call, args: tuple[Expr, ...], ok) -> Expr | None:
        name = call.function
        arity = {"yoy%": 1, "qoq%": 1, "share%": 2}.get(name)
        if call.rate is not None and name not in self.units:
            arity = None
        if arity is None and name in self.units and self.units[name].currency:
            arity = 1
        if arity is None:
            self.report(error("unknown-function", f"{name} is not a function", call.span,
                              "hint: functions are yoy%(x), qoq%(x), share%(x, total) and currency "
                              "translations such as USD(x)"))
            ok[0] = False
            return None
        if len(args) != arity:
            self.report(error("unknown-function", f"{name} takes {arity} argument{'s' if arity > 1 else ''}, "
                              f"not {len(args)}", call.span))
            ok[0] = False
            return None
        if name in ("yoy%", "qoq%", "share%"):
            return Call(name, args, None, call.span)
        found = self.translation(name, args[0], call.rate, call.span)
        if found is None:
            ok[0] = False
        return found

    def translation(self, currency: str, base: Expr, rate: str | None, span) -> Call | None:
        """`USD(x)`: x translated into USD at the named rate, or the book's only rate for USD."""
        if rate is None:
            candidates = [r for r in self.rates.values() if r.base == currency]
            if not candidates:
                backwards = next((r for r in self.rates.values() if r.quote == currency), None)
                if backwards is not None:
                    # `150 USD per JPY` translates USD into JPY: written the other way round, most likely
                    hint = (f"hint: rate {backwards.id} is written {backwards.value} {backwards.quote} per "
                            f"{backwards.base}, which translates {backwards.quote} into {backwards.base}; a rate "
                            f"into {currency} is written `{backwards.base} per {currency}`, such as "
                            f"`rate {backwards.id}: 150 {backwards.base} per {currency}`")
                else:
                    hint = f"hint: rate {currency.lower()}: 119.87 JPY per {currency} on 2003-06-30"
                self.report(error("unknown-rate", f"no rate is declared to translate into {currency}", span, hint))
                return None
            if len(candidates) > 1:
                self.report(error("unknown-rate", f"{len(candidates)} rates translate into {currency}; say which",
                                  span, "hint: in a table, add a line: translate at RATE"))
                return None
            rate = candidates[0].id
        elif self.rates[rate].base != currency:
            base = self.rates[rate].base
            self.report(error("unit-mismatch", f"rate {rate} translates into {base}, not {currency}", span,
                              f"hint: name a rate declared `... per {currency}`, or write {base}(x, {rate}) if "
                              f"{base} is the currency meant"))
            return None
        return _call(currency, (base,), rate, span)

    # -- units -------------------------------------------------------------------------

    def _mismatch_hint(self, expr: Bin, left, right) -> str:
        """What to do where two units do not add: a rate turns one currency into another, and
        nothing turns shares into dollars, where a translation would be no advice at all."""
        if self._currency(left) and self._currency(right):
            return "hint: translate one side at a declared rate, such as USD(x)"
        return (f"hint: no rate turns {right} into {left}: check the unit each item is declared in "
                f"({', '.join(self._declared(expr))}), and that the expression names the items it means")

    def _translation_hint(self, expr: Call, rate, inner) -> str:
        if str(inner) == rate.base:
            return f"hint: the figure is in {rate.base} already: write it without {expr.function}(...)"
        if not any(name in self.units and self.units[name].currency for name in inner.num):
            return f"hint: only an amount of money is translated, and {inner} is none: check the item it names"
        return (f"hint: rate {expr.rate} turns {rate.quote} into {rate.base}: translate a figure in {rate.quote}, "
                f"or declare a rate `... {inner} per {rate.base}` and name it")

    def _currency(self, unit) -> bool:
        return in_one_currency(unit, self.units)

    def _declared(self, expr: Expr) -> list[str]:
        return list(dict.fromkeys(f"{ref.item} in {self.items[ref.item].unit}" for ref in refs(expr)
                                  if ref.item in self.items))

    def unit_of(self, expr: Expr, report: bool = False):
        """The unit of an expression; None where it is unknown, False after a reported mismatch."""
        if isinstance(expr, Num):
            return None
        if isinstance(expr, Ref):
            item = self.items.get(expr.item)
            return item.unit if item else None
        if isinstance(expr, Neg):
            return self.unit_of(expr.operand, report)
        if isinstance(expr, Bin):
            left, right = self.unit_of(expr.left, report), self.unit_of(expr.right, report)
            if left is False or right is False:
                return False
            if expr.op in "+-":
                if left is not None and right is not None and left != right:
                    if report:
                        self.report(error("unit-mismatch", f"cannot {'add' if expr.op == '+' else 'subtract'} "
                                          f"{right} {'to' if expr.op == '+' else 'from'} {left}: {show(expr)}", expr.span,
                                          self._mismatch_hint(expr, left, right)))
                    return False
                return left if left is not None else right
            left = left if left is not None else PURE
            right = right if right is not None else PURE
            return left * right if expr.op == "*" else left / right
        if expr.function in CHANGE:
            return PURE
        if expr.function == "share%":
            a, b = self.unit_of(expr.args[0], report), self.unit_of(expr.args[1], report)
            if a is False or b is False:
                return False
            if a is not None and b is not None and a != b and report:
                self.report(error("unit-mismatch", f"a share of {b} cannot be taken of {a}", expr.span,
                                  "hint: share%(part, total) takes a part and its total in one unit: check the "
                                  "items it names"))
                return False
            return PURE
        inner = self.unit_of(expr.args[0], report)
        if inner is None or inner is False:
            return inner
        rate = self.rates[expr.rate]
        if rate.quote not in inner.num:
            if report:
                self.report(error("unit-mismatch", f"{expr.function}(...) translates {rate.quote}, but the figure is in "
                                  f"{inner}", expr.span,
                                  self._translation_hint(expr, rate, inner)))
            return False
        return inner.replace(rate.quote, rate.base)

    def _stock_sums(self, expr: Expr) -> None:
        """A stock added to itself at another instant is a sum over time: almost always a mistake."""
        terms: list[tuple[int, Expr]] = []
        _linear_terms(expr, 1, terms)
        seen: dict[str, Ref] = {}
        for sign, term in terms:
            if not isinstance(term, Ref) or sign < 0:
                continue
            item = self.items.get(term.item)
            if item is None or item.is_flow:
                continue
            other = seen.get(term.item)
            if other is not None and other.anchor != term.anchor:
                self.report(error("stock-summed", f"{term.item} is a stock and is added at two instants", term.span,
                                  "hint: a balance at one date plus a balance at another is not a balance; "
                                  "subtract them for a change, or use a flow"))
                return
            seen[term.item] = term


def _linear_terms(expr: Expr, sign: int, out: list) -> None:
    if isinstance(expr, Bin) and expr.op in "+-":
        _linear_terms(expr.left, sign, out)
        _linear_terms(expr.right, sign if expr.op == "+" else -sign, out)
    elif isinstance(expr, Neg):
        _linear_terms(expr.operand, -sign, out)
    else:
        out.append((sign, expr))


def _short(text: str) -> str:
    """A token as a message quotes it: a 5,000-digit shift is not printed whole."""
    return text if len(text) <= 24 else f"{text[:10]}...{text[-10:]} ({len(text):,} characters)"
