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

from .errors import KoopgraphError
from .network.export import write_network
from .network.projection import Projection, project
from .relations import NODE_KINDS, RELATION_GROUPS
from .sparql.query import query
from .store import open_store
from .store.load import load_files
from .validate import validate_graph

__all__ = ["KoopgraphError", "NODE_KINDS", "Projection", "RELATION_GROUPS", "load_files", "open_store", "project",
           "query", "validate_graph", "write_network"]
