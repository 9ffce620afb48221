"""Serve the app with waitress, a production WSGI server."""

from __future__ import annotations

import logging
import signal
import socket
import sys
import threading

import click
import waitress
from koopgraph.graph.sparql.sandbox import describe, enter_network_sandbox

from .app import create_app


def serve(store, *, settings) -> None:
    """Serve the explorer for ``store`` until interrupted.

    waitress gets the pages' threads (--threads) plus one per query worker and waiting
    query: /sparql never holds more than those (see :mod:`koopgraph.web.admission`), so
    pages never wait behind SPARQL. Request bodies over --max-request-kb are refused
    by waitress itself (413), before it buffers them.
    """
    show_koopgraph_log()
    app = create_app(store, settings)
    values = app.config["KOOPGRAPH_SETTINGS"]
    for notice in store.notices:
        click.echo(notice, err=True)
    # the query workers (forked from the forkserver koopgraph.web.launch started first of all, whose imports
    # of rdflib and pyoxigraph ran meanwhile) start and open their views while the server begins to listen,
    # so that pages answer at once; a query waits for them, and
    # /bereit says ready only once they are up (the workers open their view before they lower their
    # priority: a first query waited 4.6-5.7 s for that open, `koopgraph bench-sparql`). Started before the
    # request threads leave the network, so that the forkserver is a child of a thread with it
    workers = threading.Thread(target=app.koopgraph_services.engine.start, name="koopgraph-workers", daemon=True)
    workers.start()
    host, port = values["host"], values["port"]
    threads = values["threads"] + values["query_workers"] + values["query_queue"]
    url = f"http://{host}:{port}/"
    listening = listening_socket(host, port)
    click.echo(leave_the_network(store))
    click.echo(f"koopgraph explorer on {url} (store: {store.kind} {store.location})")
    # SIGTERM (systemd, docker stop) ends the server like Ctrl-C: workers stopped, store flushed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with store.serving(url, endpoint=url + "sparql"):
            # pages answer meanwhile; then the first pages are asked once, so their answers are kept
            app.koopgraph_services.prepare_in_background(say=click.echo, warm=lambda: warm_pages(app), in_child=True)
            waitress.serve(app, sockets=[listening], threads=threads, ident="koopgraph",
                           max_request_body_size=values["max_request_kb"] * 1024)
    finally:
        app.koopgraph_services.close()
        store.close()


# what a visitor opens first (kept on disk: the start page, /kommunen's answers, /analyse's, the study's
# network; the others' queries are kept in memory): asked once after the server is ready. A visitor asking
# one of them meanwhile waits for that answer instead of computing it too (GenerationCache)
WARM_PAGES = ("/", "/kommunen", "/netzwerk", "/netzwerk.json", "/analyse", "/befunde")


def warm_pages(app) -> None:
    """Ask the app for the first pages once (through the whole app, as a visitor would), so that their
    queries' answers are kept (``Services.answers``) before the first visitor comes; compile the templates."""
    client, services = app.test_client(), app.koopgraph_services
    for path in WARM_PAGES:
        if services.closing.is_set():  # the server stops: its store is about to close
            return
        if path == "/netzwerk.json" and services.is_large() and not services.holds_study():
            continue  # Germany's whole network (/netzwerk shows its clusters instead): minutes at scale M
        client.get(path, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    # every other page's template compiled now, not by its first visitor (~0.1 s each on a busy machine)
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)


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
