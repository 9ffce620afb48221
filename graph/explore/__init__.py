"""The explorer's questions: what the pages of the web explorer ask the store.

Facets and their counts (``facets``), the sorted and paged list (``listing``), the
start page's overview, a resource's statements (``resource``) with their sources
(``provenance``), and the study's findings beside the graph's own counts (``findings``).
Returns plain Python values, never HTML. May import :mod:`koopgraph.graph.sparql`,
:mod:`koopgraph.graph.store` and the ground floor.
"""
