"""Serve the app with waitress, a production WSGI server."""

from __future__ import annotations

import signal
import sys

import click
import waitress

from .app import create_app
from .views import netzwerk_gross
from .views.sparql import query_engine


def serve(store, *, settings) -> None:
    """Serve the explorer for ``store`` until interrupted.

    waitress gets the pages' threads (--threads) plus one per query worker and waiting
    query: /sparql never holds more than those (see :mod:`koopgraph.web.admission`), so
    pages never wait behind SPARQL. Request bodies over --max-request-kb are refused
    by waitress itself (413), before it buffers them.
    """
    app = create_app(store, settings)
    values = app.config["KOOPGRAPH_SETTINGS"]
    for notice in store.notices:
        click.echo(notice, err=True)
    netzwerk_gross.prepare(app, say=click.echo)
    with app.app_context():
        query_engine().start()
    host, port = values["host"], values["port"]
    threads = values["threads"] + values["query_workers"] + values["query_queue"]
    url = f"http://{host}:{port}/"
    click.echo(f"koopgraph explorer on {url} (store: {store.kind} {store.location})")
    # SIGTERM (systemd, docker stop) ends the server like Ctrl-C: workers stopped, store flushed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with store.serving(url):
            waitress.serve(app, host=host, port=port, threads=threads, ident="koopgraph",
                           max_request_body_size=values["max_request_kb"] * 1024)
    finally:
        engine = app.extensions.get("koopgraph.engine")
        if engine is not None:
            engine.close()
        store.close()
