"""koopgraph core: stores, loading, SPARQL, validation, the networkx projection and its exports.

For Python users the entry points are here::

    from koopgraph.graph import open_store, query, project, write_network
    store = open_store("memory")            # a new store holds the study dataset
    rows = query(store, "SELECT ?land WHERE { ?land a <https://w3id.org/koopgraph/ontology#Land> }")
    graph = project(store, Projection(relations=("scaling-up",)))   # a networkx graph
    gephi = write_network(graph, "graphml")                          # the one export schema

Everything else lives in the rooms (``store``, ``sparql``, ``explore``, ``network``, ``netview``,
``synth``, ``bench``, ``cli``); see docs/ARCHITECTURE.md. Every error a user can cause is a
:class:`KoopgraphError`.
"""

from importlib import import_module

from .errors import KoopgraphError

# Where each public name lives, imported on first use (PEP 562): ``import koopgraph.graph.<anything>``
# runs this file first, and importing all of these at once (networkx, pySHACL, the SPARQL parser)
# cost every command ~0.7 s of CPU, also ``koopgraph serve``'s start, which needs none of them.
_PUBLIC = {"write_network": ".network.export", "Projection": ".network.projection", "project": ".network.projection",
           "NODE_KINDS": ".relations", "RELATION_GROUPS": ".relations", "query": ".sparql.query",
           "open_store": ".store", "load_files": ".store.load", "validate_graph": ".validate"}

__all__ = ["KoopgraphError", "NODE_KINDS", "Projection", "RELATION_GROUPS", "load_files", "open_store", "project",
           "query", "validate_graph", "write_network"]


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_PUBLIC[name], __name__), name)
    globals()[name] = value
    return value
