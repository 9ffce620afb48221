"""The command line's data commands: each parses its arguments and calls one plain function.

The top of the house: may import every room of :mod:`koopgraph.graph`, never :mod:`koopgraph.web`.
"""
