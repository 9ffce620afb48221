"""The ``koopgraph`` command's entry point.

For ``koopgraph serve`` on an embedded store the query workers' forkserver starts first of all,
before the commands' own imports (click, rdflib, Flask: ~0.35 s), so that its imports run beside
them on the other core and the first query after the start does not wait for them
(:mod:`koopgraph.graph.sparql.forkserver`). Every other command goes straight to :mod:`.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if serves_an_embedded_store(sys.argv[1:]):
        from koopgraph.graph.sparql.forkserver import start_forkserver

        start_forkserver()
    from .cli import main as cli

    cli()


def serves_an_embedded_store(arguments: list[str]) -> bool:
    """``serve`` is the command, and no SPARQL endpoint (an http(s) URL) is named as the store."""
    command = next((a for a in arguments if not a.startswith("-")), None)
    return command == "serve" and not any(a.startswith(("http://", "https://", "--store=http")) for a in arguments)
