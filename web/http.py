"""Shared by all views: content negotiation (JSON twins, RDF formats) and the public URL of the server."""

from __future__ import annotations

from flask import current_app, request


def wants_json() -> bool:
    """True when the client asked for JSON by a ``.json`` suffix or its Accept header."""
    if request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def wants_plain_text() -> bool:
    """True when the client's first choice is a data format that is neither HTML nor JSON.

    SPARQL clients (YASGUI, SPARQLWrapper) ask for result formats; they get
    errors as plain text rather than an HTML page.
    """
    accept = request.accept_mimetypes
    if not accept or accept.best in ("*/*", "text/html", "application/xhtml+xml"):
        return False
    return not wants_json()


def public_url(path: str) -> str:
    """The absolute URL of ``path`` on this server: from --base-url, else --host and --port.

    Never from the request's Host header, which the client chooses.
    """
    settings = current_app.config["KOOPGRAPH_SETTINGS"]
    base = settings["base_url"] or f"http://{_url_host(settings['host'])}:{settings['port']}"
    return base.rstrip("/") + path


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
