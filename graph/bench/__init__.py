"""The store benchmark: each store configuration in its own process, answers compared.

May import every room of :mod:`koopgraph.graph`; nothing in the core imports it.
"""
