"""Serve the app with waitress, a production WSGI server."""

from __future__ import annotations

import logging
import socket

import click
import waitress
from koopgraph.graph.sparql.sandbox import describe, enter_network_sandbox

from .app import create_app


def serve(store, *, host: str, port: int, threads: int, settings) -> None:
    """Serve the explorer for ``store`` until interrupted."""
    show_koopgraph_log()
    app = create_app(store, settings)
    app.koopgraph_services.prepare(say=click.echo)
    listening = listening_socket(host, port)
    click.echo(leave_the_network(store))
    click.echo(f"koopgraph explorer on http://{host}:{port}/ (store: {store.kind} {store.location})")
    try:
        waitress.serve(app, sockets=[listening], threads=threads, ident="koopgraph")
    finally:
        app.koopgraph_services.close()
        store.close()


def show_koopgraph_log() -> None:
    """koopgraph's own log lines (one per refused request, the network wall) on stderr; other libraries' stay quiet."""
    log = logging.getLogger("koopgraph")
    if not log.handlers:
        log.addHandler(logging.StreamHandler())
        log.setLevel(logging.INFO)
        log.propagate = False  # a library's basicConfig on the root logger would print each line twice


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's socket, bound and listening before the process gives up the network."""
    family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    return socket.create_server(address, family=family)


def leave_the_network(store) -> str:
    """Put the request threads, started after this, into a network namespace of their own.

    Updates and the explorer's own queries run in them (public queries in the worker processes,
    which leave the network themselves). A remote store is reached over the network, so then
    only the text check guards queries.
    """
    who = "the server's request threads (updates, the explorer's queries)"
    if store.remote:
        return (f"network wall MISSING for {who}: the store is the SPARQL endpoint {store.location}, "
                "reached over the network; only the text check stands between queries and the network")
    return describe(enter_network_sandbox(), who)
