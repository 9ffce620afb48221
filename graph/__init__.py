"""koopgraph core: stores, loading, SPARQL, validation, networkx projection, analysis.

For Python users the two entry points are here::

    from koopgraph.graph import open_store, query
    store = open_store("memory")            # a new store holds the study dataset
    rows = query(store, "SELECT ?land WHERE { ?land a <https://w3id.org/koopgraph/ontology#Land> }")
"""

from .sparql.query import query
from .store import open_store

__all__ = ["open_store", "query"]
