"""What /netzwerk draws: the view of nodes and edges with their facts and sources.

The view itself (``view``), neighbours on demand, server-side layouts (``layout``,
``geo``), the views of a Germany-scale graph (``large``: the whole network; ``clusters``:
Länder and Kreise as cluster nodes) and the view in the one export schema (``export``).
Browsing edges, relation groups and node classes come from :mod:`koopgraph.graph.relations`.
Plain data, never HTML or pyvis objects. May import :mod:`koopgraph.graph.network` and the
rooms below it.
"""
