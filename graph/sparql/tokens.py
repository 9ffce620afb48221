"""The terminals of SPARQL 1.1 text (§19.8), after the codepoint escapes of §19.2.

A small tokenizer written for the safety check (:mod:`koopgraph.graph.sparql.safety`) and
for placing the protocol's USING clauses: pyoxigraph exposes no parser, and no maintained
Python library reads SPARQL 1.1 to the letter (rdflib's reads ``\\u`` with eight hex digits).
Longest match, in the grammar's order: strings before IRIs before prefixed names before words.

>>> [(t.terminal, t.text) for t in tokens_of('ASK { ?s e:p "}" } # c', Source('')) if t.terminal != "space"]
[('word', 'ASK'), ('punct', '{'), ('var', '?s'), ('pname', 'e:p'), ('string', '"}"'), ('punct', '}'), ('comment', '# c')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..errors import QuerySyntaxError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS = _BASE + r"_\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_ECHAR = r"""\\[tbnrf"'\\]"""
_TOKEN = re.compile("|".join([
    r"(?P<space>[ \t\r\n]+)",
    r"(?P<comment>#[^\r\n]*)",
    rf'(?P<string>"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""|' rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"
    rf'|"(?:[^"\\\n\r]|{_ECHAR})*"|' rf"'(?:[^'\\\n\r]|{_ECHAR})*')",
    r'(?P<iri><[^\x00-\x20<>"{}|^`\\]*>)',
    rf"(?P<var>[?$][{_BASE}_0-9][{_BASE}_0-9\u00B7\u0300-\u036F\u203F-\u2040]*)",
    rf"(?P<bnode>_:[{_BASE}_0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
    rf"(?P<pname>(?P<prefix>[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?:"
    rf"(?P<local>(?:[{_BASE}_:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?)?)",
    r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
    r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
    r"(?P<number>[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.?(?:[eE][+-]?[0-9]+)?)",
    r"(?P<punct>[^\"'\\])",
]))


class Token(NamedTuple):
    """One terminal: its name (a group name of the pattern above), its text, where it starts."""

    terminal: str
    text: str
    start: int  # offset in the text it was read from


@dataclass(frozen=True)
class Source:
    """The text as sent and where its codepoint escapes were: turns offsets into line and column."""

    sent: str
    escapes: tuple[tuple[int, int], ...] = ()  # (offset in the unescaped text, length of the escape)

    def at(self, unescaped_offset: int) -> dict:
        """``line`` and ``column`` (both from 1) in the sent text of an offset in the unescaped text."""
        offset = unescaped_offset
        for start, length in self.escapes:
            if start >= unescaped_offset:
                break
            offset += length - 1
        line = self.sent.count("\n", 0, offset) + 1
        return {"line": line, "column": offset - (self.sent.rfind("\n", 0, offset) + 1) + 1}



def unescape_codepoints(sparql: str) -> tuple[str, Source]:
    """SPARQL 1.1 §19.2: ``\\u`` + 4 and ``\\U`` + 8 hex digits replaced everywhere in the text.

    >>> unescape_codepoints(r'ASK { FILTER("\\u0041" = "A") }')[0]
    'ASK { FILTER("A" = "A") }'
    """
    out, escapes, last, shift = [], [], 0, 0
    for match in _ESCAPE.finditer(sparql):
        point = int(match.group(1) or match.group(2), 16)
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            raise QuerySyntaxError(f"{match.group()} is not a Unicode character",
                                   **Source(sparql).at(match.start()))
        out += [sparql[last:match.start()], chr(point)]
        escapes.append((match.start() - shift, len(match.group())))
        shift += len(match.group()) - 1
        last = match.end()
    out.append(sparql[last:])
    text, source = "".join(out), Source(sparql, tuple(escapes))
    again = _ESCAPE.search(text) if escapes else None
    if again:
        raise QuerySyntaxError("an escape sequence spells another escape sequence; write the character itself",
                               **source.at(again.start()))
    return text, source


def tokens_of(text: str, source: Source) -> Iterator[Token]:
    """The SPARQL terminals of ``text`` (spaces and comments too); QuerySyntaxError where none fits."""
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:  # finditer skipped what no terminal matches
            break
        yield Token(match.lastgroup, match.group(), position)
        position = match.end()
    if position < len(text):
        if text[position] in "\"'":
            raise QuerySyntaxError(
                "this string is not closed (or has an escape other than \\t \\b \\n \\r \\f \\\" \\' \\\\) — "
                f"end it with {text[position]} on the same line, or use three quotes for several lines",
                german=f"Die Zeichenkette wird nicht geschlossen — beenden Sie sie mit {text[position]} in derselben "
                "Zeile (über mehrere Zeilen: drei Anführungszeichen)", **source.at(position))
        raise QuerySyntaxError(f"the character {text[position]!r} has no place in SPARQL here",
                               german=f"Das Zeichen »{text[position]}« gehört hier nicht in eine SPARQL-Abfrage",
                               **source.at(position))
