"""Conversion between pyoxigraph and rdflib terms.

>>> to_rdflib(ox.NamedNode("https://w3id.org/koopgraph/id/bund"))
rdflib.term.URIRef('https://w3id.org/koopgraph/id/bund')
>>> to_ox(Literal("Kiel", lang="de"))
<Literal value=Kiel language=de>
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term) -> Node:
    """The rdflib term for a pyoxigraph NamedNode, BlankNode or Literal."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            # RDF 1.1: a simple literal is an xsd:string; rdflib writes it without datatype.
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported RDF term {term!r}")


def to_ox(term: Node):
    """The pyoxigraph term for an rdflib URIRef, BNode or Literal."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")
