"""The common mistakes in a SPARQL text, each a check over its tokens (see :mod:`.diagnosis`).

Every check takes a :class:`Reading` and returns the first place where it sees its mistake, as a
:class:`Finding` with a German and an English sentence, or None. :data:`CHECKS` lists them in
the order in which they explain an engine's error best.

>>> _comma_in_select(Reading("SELECT ?a, ?b WHERE {}")).offset
9
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from ..namespaces import dataset_prefixes
from .tokens import tokens_of, unescape_codepoints

AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
KEYWORDS = sorted(AGGREGATES | {
    "SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "WHERE", "FROM", "NAMED", "PREFIX", "BASE", "DISTINCT", "REDUCED",
    "OPTIONAL", "UNION", "MINUS", "GRAPH", "FILTER", "BIND", "AS", "VALUES", "UNDEF", "GROUP", "BY", "HAVING",
    "ORDER", "ASC", "DESC", "LIMIT", "OFFSET", "EXISTS", "NOT", "IN", "SEPARATOR", "INSERT", "DELETE", "DATA",
    "WITH", "USING", "DEFAULT", "ALL", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "SILENT", "INTO", "TO",
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR",
    "ROUND", "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS",
    "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW",
    "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT",
    "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "TRUE",
    "FALSE", "A"})
_TERMS = ("var", "iri", "pname", "bnode", "string", "number", "langtag")
_MODIFIERS = ("GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET")

@dataclass(frozen=True)
class Finding:
    """One recognised mistake: where it is (offset in the unescaped text) and what to do, in both languages."""

    offset: int
    german: str
    english: str


class Reading:
    """The tokens of a text (no spaces, no comments) and where each bracket closes."""

    def __init__(self, sparql: str) -> None:
        self.text, self.source = unescape_codepoints(sparql)
        self.tokens = [t for t in tokens_of(self.text, self.source) if t.terminal not in ("space", "comment")]

    def word(self, i: int) -> str:
        """The upper-cased word at ``i``; empty if ``i`` is no word or out of range."""
        return self.tokens[i].text.upper() if 0 <= i < len(self.tokens) and self.tokens[i].terminal == "word" else ""

    def punct(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) and self.tokens[i].terminal == "punct" else ""

    def depths(self) -> list[int]:
        """The bracket depth before each token."""
        depth, out = 0, []
        for token in self.tokens:
            if token.terminal == "punct" and token.text in ")}]":
                depth -= 1
            out.append(depth)
            if token.terminal == "punct" and token.text in "({[":
                depth += 1
        return out


def _unbalanced(reading: Reading) -> Finding | None:
    pairs, stack = {")": "(", "}": "{", "]": "["}, []
    for token in reading.tokens:
        if token.terminal != "punct":
            continue
        if token.text in "({[":
            stack.append(token)
        elif token.text in ")}]":
            if not stack or stack[-1].text != pairs[token.text]:
                open_ = f" (offen ist noch »{stack[-1].text}«)" if stack else ""
                open_en = f" (»{stack[-1].text}« is still open)" if stack else ""
                return Finding(token.start, f"Die Klammer »{token.text}« schließt nichts{open_} — "
                               "entfernen Sie sie oder ergänzen Sie die öffnende",
                               f"the bracket »{token.text}« closes nothing{open_en} — remove it or add the opening one")
            stack.pop()
    if stack:
        token = stack[-1]
        closing = {"(": ")", "{": "}", "[": "]"}[token.text]
        where = reading.source.at(token.start)
        return Finding(token.start, f"Die Klammer »{token.text}« (Zeile {where['line']}, Spalte {where['column']}) "
                       f"wird nicht geschlossen — es fehlt »{closing}«",
                       f"the bracket »{token.text}« is never closed — add »{closing}«")
    return None


def _select_clauses(reading: Reading):
    """(index of SELECT, indexes of its projection) for each SELECT of the text."""
    for i, token in enumerate(reading.tokens):
        if reading.word(i) != "SELECT":
            continue
        j, depth, items = i + 1, 0, []
        while j < len(reading.tokens):
            if depth == 0 and (reading.word(j) in ("WHERE", "FROM") or reading.punct(j) == "{"):
                break
            depth += reading.punct(j) in ("(",) and 1 or (-1 if reading.punct(j) == ")" else 0)
            items.append(j)
            j += 1
        yield i, items


def _comma_in_select(reading: Reading) -> Finding | None:
    for _, items in _select_clauses(reading):
        for j in items:
            if reading.punct(j) == ",":
                names = " ".join(reading.tokens[k].text for k in items if reading.tokens[k].terminal == "var")
                return Finding(reading.tokens[j].start,
                               "Zwischen den Variablen im SELECT steht ein Komma — trennen Sie sie nur durch "
                               f"Leerzeichen: SELECT {names}",
                               f"a comma between the variables of SELECT — separate them by spaces only: SELECT {names}")
    return None


def _aggregate_without_name(reading: Reading) -> Finding | None:
    for _, items in _select_clauses(reading):
        depth = 0
        for n, j in enumerate(items):
            word = reading.word(j)
            if depth == 0 and word in AGGREGATES:
                return _name_it(reading, j, word, "Klammern und einen Namen", "parentheses and a name")
            if reading.punct(j) == "(":
                if depth == 0 and not _has_as(reading, items[n:]):
                    inner = reading.word(j + 1) or "Ausdruck"
                    return _name_it(reading, j, inner, "einen Namen", "a name")
                depth += 1
            elif reading.punct(j) == ")":
                depth -= 1
    return None


def _has_as(reading: Reading, items: list[int]) -> bool:
    depth = 0
    for j in items:
        depth += 1 if reading.punct(j) == "(" else -1 if reading.punct(j) == ")" else 0
        if depth == 1 and reading.word(j) == "AS":
            return True
        if depth == 0:
            return False
    return False


def _name_it(reading: Reading, j: int, what: str, german_need: str, english_need: str) -> Finding:
    example = f"({what}(?x) AS ?anzahl)" if what in AGGREGATES else "(… AS ?name)"
    return Finding(reading.tokens[j].start,
                   f"Ein Ausdruck im SELECT braucht {german_need}: schreiben Sie {example}",
                   f"an expression in SELECT needs {english_need}: write {example}")


def _group_by_variables(reading: Reading, after: int) -> tuple[int | None, set[str]]:
    """Where GROUP BY stands after token ``after`` at the same depth, and the variables it groups by."""
    depths = reading.depths()
    level = depths[after]
    for i in range(after + 1, len(reading.tokens)):
        if depths[i] < level:
            break
        if depths[i] == level and reading.word(i) == "GROUP" and reading.word(i + 1) == "BY":
            names, j = set(), i + 2
            while j < len(reading.tokens) and depths[j] >= level and reading.word(j) not in _MODIFIERS:
                token = reading.tokens[j]
                if token.terminal == "var" and (depths[j] == level or reading.word(j - 1) == "AS"):
                    names.add(token.text[1:])
                j += 1
            return i, names
    return None, set()


def _select_star_with_group_by(reading: Reading) -> Finding | None:
    for i, items in _select_clauses(reading):
        if any(reading.punct(j) == "*" for j in items) and _group_by_variables(reading, i)[0] is not None:
            star = next(j for j in items if reading.punct(j) == "*")
            return Finding(reading.tokens[star].start,
                           "SELECT * geht nicht mit GROUP BY — nennen Sie die gruppierten Variablen und die "
                           "Aggregate, z. B. SELECT ?land (COUNT(?k) AS ?anzahl)",
                           "SELECT * cannot be used with GROUP BY — name the grouped variables and the aggregates, "
                           "e.g. SELECT ?land (COUNT(?k) AS ?anzahl)")
    return None


def _ungrouped_variable(reading: Reading) -> Finding | None:
    for i, items in _select_clauses(reading):
        at, grouped = _group_by_variables(reading, i)
        aggregated = any(reading.word(j) in AGGREGATES for j in items)
        if at is None and not aggregated:
            continue
        depth = 0
        for j in items:
            depth += 1 if reading.punct(j) == "(" else -1 if reading.punct(j) == ")" else 0
            token = reading.tokens[j]
            if depth == 0 and token.terminal == "var" and token.text[1:] not in grouped:
                return Finding(token.start,
                               f"{token.text} steht im SELECT, ist aber weder gruppiert noch aggregiert — ergänzen "
                               f"Sie GROUP BY {token.text} oder schreiben Sie (SAMPLE({token.text}) AS ?beispiel)",
                               f"{token.text} is in SELECT but neither grouped nor aggregated — add GROUP BY "
                               f"{token.text} or write (SAMPLE({token.text}) AS ?beispiel)")
    return None


def _filter_without_parentheses(reading: Reading) -> Finding | None:
    for i, _ in enumerate(reading.tokens):
        if reading.word(i) != "FILTER" or i + 1 >= len(reading.tokens):
            continue
        after = reading.tokens[i + 1]
        if after.terminal in ("var", "string", "number") or after.text == "!":
            return Finding(after.start, "Nach FILTER steht die Bedingung in runden Klammern: FILTER(?x > 3)",
                           "the condition after FILTER goes in parentheses: FILTER(?x > 3)")
    return None


def _slash_in_prefixed_name(reading: Reading) -> Finding | None:
    tokens = reading.tokens
    for i in range(len(tokens) - 2):
        name, slash, rest = tokens[i], tokens[i + 1], tokens[i + 2]
        if (name.terminal == "pname" and slash.text == "/" and rest.terminal in ("word", "number")
                and rest.text.lower() != "a" and slash.start == name.start + len(name.text)):
            return Finding(name.start, *_slash_sentences(name.text + "/" + rest.text))
    return None


def _slash_sentences(written: str) -> tuple[str, str]:
    prefix, _, local = written.partition(":")
    prefixes = dataset_prefixes()
    full = prefixes.get(prefix, "") + local
    better = next((f"{p}:{full[len(ns):]}" for p, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
                   if full.startswith(ns) and "/" not in full[len(ns):] and prefixes.get(prefix)), None)
    instead = f"{better} (PREFIX {better.split(':')[0]}: <{prefixes[better.split(':')[0]]}>) oder <{full}>" \
        if better else f"<{full}>" if prefixes.get(prefix) else "die ganze IRI in <…>"
    instead_en = instead.replace(" oder ", " or ").replace("die ganze IRI in <…>", "the whole IRI in <…>")
    return (f"»{written}« ist kein gültiger Präfixname: »/« darf darin nicht vorkommen — schreiben Sie {instead}",
            f"»{written}« is not a valid prefixed name: it cannot contain »/« — write {instead_en}")


def _modifiers_out_of_order(reading: Reading) -> Finding | None:
    depths, seen = reading.depths(), {}
    for i, _ in enumerate(reading.tokens):
        word = reading.word(i)
        if word in _MODIFIERS and (word not in ("GROUP", "ORDER") or reading.word(i + 1) == "BY"):
            earlier = [w for w, d in seen.items() if d == depths[i] and _MODIFIERS.index(w) > _MODIFIERS.index(word)]
            if earlier:
                return Finding(reading.tokens[i].start,
                               f"{_spelled(word)} steht nach {_spelled(earlier[0])} — die Reihenfolge ist GROUP BY, "
                               "HAVING, ORDER BY, LIMIT, OFFSET",
                               f"{_spelled(word)} comes after {_spelled(earlier[0])} — the order is GROUP BY, HAVING, "
                               "ORDER BY, LIMIT, OFFSET")
            seen[word] = depths[i]
        elif word in ("SELECT", "WHERE"):
            seen = {w: d for w, d in seen.items() if d != depths[i]}
    return None


def _spelled(word: str) -> str:
    return f"{word} BY" if word in ("GROUP", "ORDER") else word


def _missing_dot(reading: Reading) -> Finding | None:
    """Four terms in a row inside a group: a triple pattern ended without '.' before the next began."""
    tokens, depths = reading.tokens, reading.depths()
    run = 0
    for i, token in enumerate(tokens):
        term = token.terminal in _TERMS or reading.word(i) in ("A", "TRUE", "FALSE")
        if token.terminal == "langtag" or (token.text == "^" and reading.punct(i + 1) == "^"):
            continue  # part of the literal before it
        if reading.punct(i - 1) == "^" and reading.punct(i - 2) == "^":
            continue
        run = run + 1 if term and not _in_values(reading, i, depths) else 0
        if run == 4:
            previous = tokens[i - 1]
            return Finding(token.start, f"Vor {token.text} fehlt ein Punkt: das Tripelmuster davor endet nicht — "
                           f"schreiben Sie »{previous.text} .«",
                           f"a dot is missing before {token.text}: the triple pattern before it does not end — "
                           f"write »{previous.text} .«")
    return None


def _in_values(reading: Reading, i: int, depths: list[int]) -> bool:
    """True inside a VALUES block or a function's arguments, where terms follow each other."""
    for j in range(i - 1, -1, -1):
        if depths[j] < depths[i] and reading.punct(j) in "({":
            return reading.punct(j) == "(" or reading.word(j - 1) == "VALUES" or reading.tokens[j - 1].terminal == "var" \
                and reading.word(j - 2) == "VALUES"
    return False


def _bind_of_bound_variable(reading: Reading) -> Finding | None:
    tokens, depths = reading.tokens, reading.depths()
    for i, _ in enumerate(tokens):
        if reading.word(i) != "BIND":
            continue
        j = i + 1
        while j < len(tokens) and not (reading.word(j) == "AS" and depths[j] == depths[i] + 1):
            j += 1
        if j + 1 >= len(tokens) or tokens[j + 1].terminal != "var":
            continue
        name = tokens[j + 1].text[1:]
        start = max((k for k in range(i) if reading.punct(k) == "{" and depths[k] < depths[i]), default=0)
        if any(t.terminal == "var" and t.text[1:] == name for t in tokens[start:i]):
            return Finding(tokens[j + 1].start,
                           f"?{name} ist in dieser Gruppe schon gebunden — BIND braucht einen neuen Namen, z. B. "
                           f"?{name}2",
                           f"?{name} is already bound in this group — BIND needs a new name, e.g. ?{name}2")
    return None


def _misspelt_keyword(reading: Reading) -> Finding | None:
    for i, token in enumerate(reading.tokens):
        word = token.text.upper()
        if token.terminal != "word" or word in KEYWORDS or word.startswith(("ORDERBY", "GROUPBY")):
            continue
        if reading.punct(i + 1) == "(" and reading.tokens[i - 1].terminal != "word":
            continue  # a function call: an extension function may have any name
        near = difflib.get_close_matches(word, KEYWORDS, n=1, cutoff=0.6)
        meant = f" — meinten Sie {near[0]}?" if near else ""
        meant_en = f" — did you mean {near[0]}?" if near else ""
        hint = "" if near else " (Variablen beginnen mit ?, IRIs stehen in <…>)"
        return Finding(token.start, f"»{token.text}« ist kein SPARQL-Schlüsselwort{meant}{hint}",
                       f"»{token.text}« is not a SPARQL keyword{meant_en}"
                       + ("" if near else " (variables start with ?, IRIs go in <…>)"))
    return None


# In order: a mistake found earlier in this list explains the engine's error better.
CHECKS: list[Callable[[Reading], Finding | None]] = [
    _unbalanced, _comma_in_select, _aggregate_without_name, _select_star_with_group_by, _ungrouped_variable,
    _filter_without_parentheses, _slash_in_prefixed_name, _modifiers_out_of_order, _misspelt_keyword,
    _bind_of_bound_variable, _missing_dot,
]
