"""Synthetic nation-wide graphs for the scale benchmark, clearly labelled as synthetic.

Deterministic from a seed; the real Destatis counts per Land. Never loaded by default.
May import the ground floor of :mod:`koopgraph.graph` only.
"""
