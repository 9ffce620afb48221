"""Binding parameter values into SPARQL text as a VALUES block, safely.

Values are RDF terms written in their N-Triples form (``term.n3()``), never
pasted user text. The block opens the query's WHERE group, so a parameter
binds before grouping, OPTIONAL and LIMIT — the same on every backend
(pyoxigraph's substitutions only bind projected variables, and rdflib's
SPARQLStore appends VALUES after the aggregation).

>>> from rdflib import URIRef, Literal
>>> with_values("SELECT (COUNT(?k) AS ?n) WHERE { ?k <p> ?land }", {"land": URIRef("http://x/l")})
'SELECT (COUNT(?k) AS ?n) WHERE { VALUES (?land) { (<http://x/l>) } ?k <p> ?land }'
>>> with_values('CONSTRUCT { ?s <p> "{" } WHERE { ?s <q> ?n }', {"n": Literal(3)})
'CONSTRUCT { ?s <p> "{" } WHERE { VALUES (?n) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?s <q> ?n }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

from .errors import QueryError

# strings, IRIs and comments are skipped; braces and the WHERE keyword are found
_SKIPPED = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_TOKEN = re.compile(_SKIPPED + r"|(?P<brace>[{}])|(?P<word>(?<![?$:\w])[Ww][Hh][Ee][Rr][Ee]\b)")
_FROM = re.compile(_SKIPPED + r"|(?P<brace>[{}])|(?P<word>(?<![?$:\w])[Ff][Rr][Oo][Mm]\b(?!:))")


def has_dataset_clause(sparql: str) -> bool:
    """True if the query names its dataset with FROM or FROM NAMED (outside every group).

    >>> has_dataset_clause("SELECT * FROM <http://x/g> { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT ?from WHERE { ?s ?p "FROM" } # FROM')
    False
    """
    depth = 0
    for match in _FROM.finditer(sparql):
        if match.group("brace"):
            depth += 1 if match.group("brace") == "{" else -1
        elif match.group("word") and depth == 0:
            return True
    return False


def where_group_start(sparql: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group."""
    depth, seen_where, first_brace = 0, False, None
    for match in _TOKEN.finditer(sparql):
        if match.group("word") and depth == 0:
            seen_where = True
        elif match.group("brace") == "{":
            if depth == 0 and (seen_where or first_brace is None):
                if seen_where:
                    return match.end()
                first_brace = match.end()
            depth += 1
        elif match.group("brace") == "}":
            depth -= 1
    if first_brace is None:
        raise QueryError("the query has no WHERE group to bind parameters into")
    return first_brace


def with_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """``sparql`` with a VALUES block for ``bindings`` opening its WHERE group."""
    if not bindings:
        return sparql
    if _is_construct_without_where(sparql):
        raise QueryError("parameters need a CONSTRUCT with a WHERE clause")
    names = " ".join("?" + name for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    at = where_group_start(sparql)
    return f"{sparql[:at]} VALUES ({names}) {{ ({values}) }}{sparql[at:]}"


def _is_construct_without_where(sparql: str) -> bool:
    words = [m.group("word") for m in _TOKEN.finditer(sparql) if m.group("word")]
    return bool(re.search(r"\bCONSTRUCT\b", sparql, re.IGNORECASE)) and not words
