"""Serve the app with waitress, a production WSGI server."""

from __future__ import annotations

import click
import waitress

from .app import create_app


def serve(store, *, host: str, port: int, threads: int, settings) -> None:
    """Serve the explorer for ``store`` until interrupted."""
    app = create_app(store, settings)
    app.koopgraph_services.prepare(say=click.echo)
    click.echo(f"koopgraph explorer on http://{host}:{port}/ (store: {store.kind} {store.location})")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="koopgraph")
    finally:
        app.koopgraph_services.close()
        store.close()
