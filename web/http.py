"""What every view reads from a request: the content it wants (JSON twins, RDF formats), its
query-string arguments, and the public URL of the server. A bad argument raises :class:`~koopgraph.graph.errors.ArgumentError`,
which app.py answers with 400 and a message naming the argument: the one way to answer 400."""

from __future__ import annotations

import pyoxigraph as ox
from flask import current_app, request
from koopgraph.graph.errors import ArgumentError
from rdflib import URIRef


def wants_json() -> bool:
    """True when the client asked for JSON by a ``.json`` suffix or its Accept header."""
    if request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def wants_plain_text() -> bool:
    """True when the client asks for data formats and names no HTML (nor JSON).

    SPARQL clients (YASGUI, SPARQLWrapper) ask for result formats; they get errors as plain
    text rather than an HTML page. Browsers name text/html; werkzeug's ``accept.best`` is no
    guide, as it prefers a type with parameters: for Chrome's header it is
    ``application/signed-exchange;v=b3`` (q=0.7), not text/html (q=1).
    """
    accept = request.accept_mimetypes
    named = {value for value, quality in accept if quality > 0}
    if not named or named <= {"*/*"} or named & HTML_TYPES:
        return False
    return not wants_json()


# --- query-string arguments: every bad value is an ArgumentError, answered 400 by app.py ------------

def iri_value(text: str, name: str = "iri") -> URIRef:
    """``text`` as an absolute IRI (checked by pyoxigraph); ArgumentError if it is none."""
    try:
        ox.NamedNode(text)
    except ValueError as e:
        raise ArgumentError(f"{text!r} is not a valid absolute IRI", argument=name, value=text,
                            hint=f"Give ?{name}=https://…") from e
    return URIRef(text)


def iri_arg(name: str) -> URIRef:
    """The request's argument ``name`` as an absolute IRI (missing counts as invalid)."""
    return iri_value(request.args.get(name, ""), name)


def int_arg(name: str, default: int | None, *, low: int = 0, high: int | None = None) -> int | None:
    """The request's argument ``name`` as a whole number from ``low`` to ``high``; ``default`` if absent."""
    text = request.args.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError as e:
        raise ArgumentError(f"{name} must be a whole number, not {text!r}", argument=name, value=text) from e
    if value < low or (high is not None and value > high):
        raise ArgumentError(f"{name} must be {_allowed_numbers(low, high)}, not {value}", argument=name, value=text)
    return value


def _allowed_numbers(low: int, high: int | None) -> str:
    if high is not None:
        return f"a whole number from {low} to {high}"
    return "a whole number that is not negative" if low == 0 else f"a whole number of at least {low}"


def choice_arg(name: str, allowed, default: str | None, what: str | None = None) -> str | None:
    """The request's argument ``name``, one of ``allowed``; ``default`` if absent. ``what`` names the
    thing chosen in the error message (default: ``name``)."""
    value = request.args.get(name) or default
    if value is not None and value not in allowed:
        raise ArgumentError(f"unknown {what or name} {value!r}", argument=name, value=value,
                            hint="Use one of: " + ", ".join(allowed) + ".")
    return value


def public_url(path: str) -> str:
    """The absolute URL of ``path`` on this server: from --base-url, else --host and --port.

    Never from the request's Host header, which the client chooses.
    """
    settings = current_app.config["KOOPGRAPH_SETTINGS"]
    base = settings["base_url"] or f"http://{_url_host(settings['host'])}:{settings['port']}"
    return base.rstrip("/") + path


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
