"""koopgraph core: stores, loading, SPARQL, validation, networkx projection, analysis."""
