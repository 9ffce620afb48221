"""Synthetic nation-wide graphs for the scale benchmark, clearly labelled as synthetic.

Deterministic from a seed. Two modes: a synthetic Germany with the real Destatis counts per Land
(:mod:`.generate`, the default), or synthetic relations on the real places of the shipped base layer
(:mod:`.onbase`, ``--on-base-layer``). Never loaded by default.
May import the ground floor of :mod:`koopgraph.graph` only (the base layer is read as a file).
"""
