"""The network room: the RDF graph projected to networkx, its exports and its measures.

The projection (``projection`` with the node facts it reads, ``queries``), the one export
schema of every network koopgraph writes and its writers for GraphML, GEXF, JSON and CSV
(``export``), network measures (``metrics``), scaling-up paths, county profiles, structure vs.
position, measures written back as RDF (``writeback``), and a cache of all of it per data
generation. Relation groups and node kinds come from :mod:`koopgraph.graph.relations`.
networkx is imported where it is used. May import :mod:`koopgraph.graph.store` and the ground
floor.
"""
