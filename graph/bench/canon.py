"""Canonical forms of query results, so different engines' answers can be compared.

Terms become strings (IRIs in angle brackets, literals with language or a
normalised datatype, numbers by value, every blank node alike); a result
becomes the digest of its sorted rows.

>>> from rdflib import Literal, URIRef
>>> canonical_rdflib(Literal("4.50", datatype=URIRef(XSD + "decimal")))
'4.5^^number'
>>> canonical_ox(ox.Literal("4.5", datatype=ox.NamedNode(XSD + "decimal")))
'4.5^^number'
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong")}


def _literal(lexical: str, language: str | None, datatype: str | None) -> str:
    if language:
        return f"{lexical!r}@{language.lower()}"
    if datatype in _NUMERIC:
        try:
            number = Decimal(lexical)
            return f"{number.normalize():f}^^number"
        except InvalidOperation:
            return f"{lexical!r}^^{datatype}"
    if datatype in (None, XSD + "string"):
        return repr(lexical)
    return f"{lexical!r}^^{datatype}"


def canonical_rdflib(term) -> str:
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        return _literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    raise TypeError(f"unexpected term {term!r}")


def canonical_ox(term) -> str:
    if term is None:
        return "-"
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value if term.datatype else None)
    raise TypeError(f"unexpected term {term!r}")


def digest(rows: list[tuple[str, ...]]) -> str:
    """SHA-256 over the sorted canonical rows (order-free, duplicates counted)."""
    h = hashlib.sha256()
    for row in sorted(rows):
        h.update("\t".join(row).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()
