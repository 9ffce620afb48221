"""Binding a variable to a list of RDF terms: a one-variable VALUES block per name.

``sparqltext.with_values`` binds one value per variable; the explorer often needs
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

from collections.abc import Iterable, Mapping

from rdflib.term import Node

from .sparqltext import where_group_start


def values_block(name: str, terms: Iterable[Node]) -> str:
    """``VALUES ?name { t1 t2 … }``; an empty list matches nothing."""
    if not name.isidentifier():
        raise ValueError(f"not a SPARQL variable name: {name!r}")
    return f"VALUES ?{name} {{ {' '.join(term.n3() for term in terms)} }}".replace("{  }", "{ }")


def with_value_lists(sparql: str, lists: Mapping[str, Iterable[Node]]) -> str:
    """``sparql`` with one VALUES block per variable opening its WHERE group."""
    if not lists:
        return sparql
    blocks = " ".join(values_block(name, terms) for name, terms in lists.items())
    at = where_group_start(sparql)
    return f"{sparql[:at]} {blocks}{sparql[at:]}"
