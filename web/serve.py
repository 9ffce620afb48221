"""Serve the app with waitress, a production WSGI server."""

from __future__ import annotations

import logging
import sys

import click
import waitress

from .app import create_app
from .views import netzwerk_gross


def serve(store, *, host: str, port: int, threads: int, settings) -> None:
    """Serve the explorer for ``store`` until interrupted."""
    app = create_app(store, settings)
    _log_imports()
    netzwerk_gross.prepare(app, say=click.echo)
    click.echo(f"koopgraph explorer on http://{host}:{port}/ (store: {store.kind} {store.location})")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="koopgraph")
    finally:
        store.close()


def _log_imports() -> None:
    """One line per import on /import (who, file, checksum, graph, counts) on standard error."""
    logger = logging.getLogger("koopgraph.import")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
