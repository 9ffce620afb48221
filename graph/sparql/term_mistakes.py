"""The common mistakes in the terms and triple patterns of a SPARQL text (see :mod:`.mistakes`).

Each check takes a :class:`~.mistakes.Reading` and returns the first place of its mistake as a
:class:`~.mistakes.Finding` with a German and an English sentence, or None. They run only on a
text the engine has already refused (:func:`.diagnosis.explain`); :data:`TERM_CHECKS` come before
the misspelt-keyword check, which would otherwise take a bare language tag for a keyword.

>>> _datatype_with_language_tag(Reading('ASK { ?s ?p "Kiel"^^@de }')).german
'»"Kiel"^^@de« mischt Datentyp und Sprachkennung — ein Literal mit Sprachkennung schreibt sich "Kiel"@de (ohne ^^)'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .mistakes import _TERMS, KEYWORDS, Finding, Reading

_IRI_IN_QUOTES = re.compile(r"""^["']{1,3}[A-Za-z][A-Za-z0-9+.-]*:[^\s"']*["']{1,3}$""")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$")
_ENDS_PATTERN = (".", ";", "}")


def _is_term(reading: Reading, i: int) -> bool:
    return 0 <= i < len(reading.tokens) and (reading.tokens[i].terminal in _TERMS or reading.word(i) == "A")


def _in_predicate_position(reading: Reading, i: int) -> bool:
    """Where a triple pattern's predicate stands: after ``;``, or after a subject that opens a pattern."""
    if reading.punct(i - 1) == ";":
        return True
    return _is_term(reading, i - 1) and reading.punct(i - 2) in ("{", ".", "}")


def _string_as_iri(reading: Reading) -> Finding | None:
    """``?s "http://…#label" ?o``: an IRI written as a string where a predicate must stand."""
    for i, token in enumerate(reading.tokens):
        if token.terminal == "string" and _IRI_IN_QUOTES.match(token.text) and _in_predicate_position(reading, i):
            iri = token.text.strip("\"'")
            return Finding(token.start,
                           f"{token.text} ist eine Zeichenkette, keine IRI — ein Prädikat ist eine IRI in spitzen "
                           f"Klammern: <{iri}>",
                           f"{token.text} is a string, not an IRI — a predicate is an IRI in angle brackets: <{iri}>")
    return None


def _datatype_with_language_tag(reading: Reading) -> Finding | None:
    """``"Kiel"^^@de``: ^^ comes before a datatype; a language tag follows the string directly."""
    tokens = reading.tokens
    for i in range(len(tokens) - 3):
        if (tokens[i].terminal == "string" and reading.punct(i + 1) == "^" and reading.punct(i + 2) == "^"
                and tokens[i + 3].terminal == "langtag"):
            string, tag = tokens[i].text, tokens[i + 3].text
            return Finding(tokens[i].start,
                           f"»{string}^^{tag}« mischt Datentyp und Sprachkennung — ein Literal mit Sprachkennung "
                           f"schreibt sich {string}{tag} (ohne ^^)",
                           f"»{string}^^{tag}« mixes a datatype and a language tag — a literal with a language tag "
                           f"is written {string}{tag} (without ^^)")
    return None


def _unquoted_language_tag(reading: Reading) -> Finding | None:
    """``FILTER(lang(?l) = de)``: the language tag compared with is a string, in quotes."""
    for i, token in enumerate(reading.tokens):
        if (token.terminal != "word" or token.text.upper() in KEYWORDS or not _LANGUAGE_TAG.match(token.text)
                or reading.punct(i + 1) == "("):
            continue
        before = {reading.word(j) for j in range(max(0, i - 8), i)}
        if reading.punct(i - 1) in ("=", ",") and before & {"LANG", "LANGMATCHES"}:
            return Finding(token.start,
                           f"Die Sprachkennung »{token.text}« steht in Anführungszeichen: lang(?name) = "
                           f"\"{token.text}\"",
                           f"the language tag »{token.text}« goes in quotes: lang(?name) = \"{token.text}\"")
    return None


def _subject_after_semicolon(reading: Reading) -> Finding | None:
    """``?k a kg:Kommune ; ?k rdfs:label ?l``: after ``;`` only predicate and object follow."""
    for i, _ in enumerate(reading.tokens):
        if reading.punct(i) == ";" and all(_is_term(reading, j) for j in (i + 1, i + 2, i + 3)):
            subject = reading.tokens[i + 1].text
            return Finding(reading.tokens[i + 1].start,
                           f"Nach »;« folgen nur Prädikat und Objekt desselben Subjekts, hier stehen drei Terme — "
                           f"lassen Sie {subject} weg oder schreiben Sie ».« statt »;«",
                           f"after »;« only the predicate and object of the same subject follow, here are three "
                           f"terms — leave out {subject} or write ».« instead of »;«")
    return None


def _predicate_after_dot(reading: Reading) -> Finding | None:
    """``?k a kg:Kommune . rdfs:label ?l }``: after ``.`` a new pattern begins, with its subject."""
    for i, _ in enumerate(reading.tokens):
        if (reading.punct(i) == "." and _is_term(reading, i + 1) and _is_term(reading, i + 2)
                and reading.punct(i + 3) in _ENDS_PATTERN and _is_term(reading, i - 1)):
            return Finding(reading.tokens[i].start,
                           "Nach ».« beginnt ein neues Tripelmuster mit seinem Subjekt, hier folgen nur zwei Terme — "
                           "meinten Sie »;« (weiter mit demselben Subjekt)?",
                           "after ».« a new triple pattern begins with its subject, here only two terms follow — "
                           "did you mean »;« (going on with the same subject)?")
    return None


TERM_CHECKS: list[Callable[[Reading], Finding | None]] = [
    _datatype_with_language_tag, _string_as_iri, _unquoted_language_tag, _subject_after_semicolon,
    _predicate_after_dot,
]
