"""Content negotiation shared by all views: JSON twins and RDF formats."""

from __future__ import annotations

from flask import request


def wants_json() -> bool:
    """True when the client asked for JSON by a ``.json`` suffix or its Accept header."""
    if request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
