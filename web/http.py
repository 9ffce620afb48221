"""Content negotiation shared by all views: JSON twins and RDF formats."""

from __future__ import annotations

from flask import request


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
