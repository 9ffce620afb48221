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

Binding a variable to a list of RDF terms: a one-variable VALUES block per name.

``with_values`` binds one value per variable; the explorer often needs
many (the labels of every neighbour, the municipalities of three Länder). Terms
are written with ``term.n3()``, which refuses IRIs that are not valid, so no
text from a request or a file ever reaches the query unquoted.

>>> from rdflib import URIRef
>>> with_value_lists("SELECT ?x ?l WHERE { ?x <l> ?l }", {"x": [URIRef("http://a/1"), URIRef("http://a/2")]})
'SELECT ?x ?l WHERE { VALUES ?x { <http://a/1> <http://a/2> } ?x <l> ?l }'
>>> with_value_lists("SELECT * WHERE { ?x <l> ?l }", {"x": []})
'SELECT * WHERE { VALUES ?x { } ?x <l> ?l }'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib.term import BNode, Node

from .errors import QueryError

# strings, IRIs and comments are skipped; braces and the WHERE keyword are found
_SKIPPED = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_TOKEN = re.compile(_SKIPPED + r"|(?P<brace>[{}])|(?P<word>(?<![?$:\w])[Ww][Hh][Ee][Rr][Ee]\b)")


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


_FORM = re.compile(_SKIPPED + r"|(?P<form>(?<![?$:\w])(?:SELECT|CONSTRUCT|DESCRIBE|ASK)\b)", re.IGNORECASE)


def query_form(sparql: str) -> str | None:
    r"""SELECT, CONSTRUCT, DESCRIBE or ASK: the first such keyword outside strings, IRIs and comments.

    >>> query_form("PREFIX s: <http://x/#SELECT> # ASK\nconstruct { ?s ?p 'SELECT' } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    return next((m.group("form").upper() for m in _FORM.finditer(sparql) if m.group("form")), None)


def values_block(name: str, terms: Iterable[Node]) -> str:
    """``VALUES ?name { t1 t2 … }``; an empty list matches nothing.

    Blank nodes are left out: SPARQL allows none in VALUES (a syntax error), and a blank node of an
    answer could match nothing in a later query anyway (its label is local to the answer). They
    come up as the subjects of OWL restrictions that point to a property.
    """
    if not name.isidentifier():
        raise ValueError(f"not a SPARQL variable name: {name!r}")
    named = " ".join(term.n3() for term in terms if not isinstance(term, BNode))
    return f"VALUES ?{name} {{ {named} }}".replace("{  }", "{ }")


def with_value_lists(sparql: str, lists: Mapping[str, Iterable[Node]]) -> str:
    """``sparql`` with one VALUES block per variable opening its WHERE group."""
    if not lists:
        return sparql
    blocks = " ".join(values_block(name, terms) for name, terms in lists.items())
    at = where_group_start(sparql)
    return f"{sparql[:at]} {blocks}{sparql[at:]}"
