"""Network views as plain JSON values and back, for keeping them on disk (:mod:`koopgraph.graph.store.kept`).

Terms are written as strings (IRIs) or tagged lists (literals, blank nodes); every decoder
builds the objects field by field, so a file of the wrong shape raises (TypeError, ValueError,
KeyError, IndexError) and is treated as damaged, never half-read.

>>> view = View({URIRef("urn:x:a"): Node(URIRef("urn:x:a"), "A", facets={"land": {URIRef("urn:x:l")}})}, [],
...             {URIRef("urn:x:l"): "L"})
>>> decode_view(json.loads(json.dumps(encode_view(view)))) == view
True
"""

from __future__ import annotations

import json  # noqa: F401  (the doctest)

from rdflib import URIRef

from ..store.plain import Iris, decode_term, encode_term
from ..store.plain import number as _number
from ..store.plain import optional as _optional
from ..store.plain import text as _text
from .clusters import AggregatedView, Cluster
from .view import Edge, Node, View


def encode_view(view: View) -> dict:
    nodes = [[encode_term(n.iri), n.label, _optional(n.type, encode_term), n.level,
              {facet: [encode_term(v) for v in values] for facet, values in n.facets.items()},
              _optional(n.county, encode_term), n.x, n.y] for n in view.nodes.values()]
    edges = [[encode_term(e.source), encode_term(e.target), encode_term(e.relation), e.group,
              encode_term(e.graph), [encode_term(v) for v in e.via], list(e.sections)] for e in view.edges]
    labels = [[encode_term(term), label] for term, label in view.labels.items()]
    return {"nodes": nodes, "edges": edges, "labels": labels, "positions": view.positions}


def decode_view(plain: dict, iris: Iris | None = None) -> View:
    iris = Iris() if iris is None else iris
    nodes = {}
    for iri, label, kind, level, facets, county, x, y in plain["nodes"]:
        node = Node(decode_term(iri, iris), _text(label), _optional(kind, lambda k: decode_term(k, iris)),
                    _optional(level, _number),
                    {_text(f): {decode_term(v, iris) for v in values} for f, values in facets.items()},
                    _optional(county, lambda c: decode_term(c, iris)), _optional(x, _number), _optional(y, _number))
        nodes[node.iri] = node
    edges = [Edge(decode_term(s, iris), decode_term(t, iris), decode_term(r, iris), _text(group),
                  decode_term(g, iris), tuple(decode_term(v, iris) for v in via), tuple(_text(s) for s in sections))
             for s, t, r, group, g, via, sections in plain["edges"]]
    labels = {decode_term(term, iris): _text(label) for term, label in plain["labels"]}
    return View(nodes, edges, labels, _optional(plain["positions"], _text))


def encode_positions(positions: dict) -> list:
    return [[encode_term(iri), x, y] for iri, (x, y) in positions.items()]


def decode_positions(plain: list, iris: Iris | None = None) -> dict:
    iris = Iris() if iris is None else iris
    return {decode_term(iri, iris): (_number(x), _number(y)) for iri, x, y in plain}


def encode_placed(placed: tuple[View, dict]) -> dict:
    """The whole network and its nested positions (``Services.whole_network``)."""
    view, positions = placed
    return {"view": encode_view(view), "positions": encode_positions(positions)}


def decode_placed(plain: dict) -> tuple[View, dict]:
    iris = Iris()  # one table for both: the positions name the view's nodes again
    return decode_view(plain["view"], iris), decode_positions(plain["positions"], iris)


def encode_clusters(found: tuple[AggregatedView, list]) -> dict:
    """A cluster view and its trail (:func:`.clusters.cluster_view`)."""
    view, trail = found
    return {"level": view.level,
            "clusters": [[encode_term(c.iri), c.label, c.members, c.x, c.y] for c in view.clusters.values()],
            "edges": [[encode_term(a), encode_term(b), groups] for (a, b), groups in view.edges.items()],
            "trail": [[encode_term(iri), label] for iri, label in trail]}


def decode_clusters(plain: dict) -> tuple[AggregatedView, list]:
    iris, view = Iris(), AggregatedView(_text(plain["level"]))
    for iri, label, members, x, y in plain["clusters"]:
        cluster = Cluster(decode_term(iri, iris), _text(label), int(_number(members)), _number(x), _number(y))
        view.clusters[cluster.iri] = cluster
    for a, b, groups in plain["edges"]:
        view.edges[(decode_term(a, iris), decode_term(b, iris))] = {_text(g): int(_number(n)) for g, n in groups.items()}
    return view, [(decode_term(iri, iris), _text(label)) for iri, label in plain["trail"]]
