"""The Flask app factory; errors are mapped to HTTP answers here and only here."""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from koopgraph.graph import errors
from koopgraph.graph.settings import SETTINGS
from werkzeug.exceptions import HTTPException

from .http import wants_json, wants_plain_text
from .services import Services

log = logging.getLogger("koopgraph.web")

# Only the app's own origin: no CDN, no inline script, nothing framed.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])

STATUS_FOR_ERROR = [  # most specific first
    (errors.QueryTimeout, HTTPStatus.SERVICE_UNAVAILABLE),
    (errors.QueryMemoryExceeded, HTTPStatus.SERVICE_UNAVAILABLE),
    (errors.QueryError, HTTPStatus.BAD_REQUEST),
    (errors.ArgumentError, HTTPStatus.BAD_REQUEST),
    (errors.ForbiddenUpdate, HTTPStatus.FORBIDDEN),
    (errors.NotFound, HTTPStatus.NOT_FOUND),
    (errors.LoadError, HTTPStatus.BAD_REQUEST),
    (errors.StoreClosed, HTTPStatus.SERVICE_UNAVAILABLE),
    (errors.StoreError, HTTPStatus.BAD_GATEWAY),
    (errors.KoopgraphError, HTTPStatus.BAD_REQUEST),
]


def full_settings(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    """The settings table's defaults, overridden by ``settings``."""
    values = {name: s.default for name, s in SETTINGS.items()}
    unknown = set(settings or {}) - set(values)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    values.update(settings or {})
    return values


def create_app(store, settings: Mapping[str, Any] | None = None) -> Flask:
    """The koopgraph web app around ``store`` (a koopgraph.graph.store.Store); its engine and caches are
    ``app.koopgraph_services`` (close them when done)."""
    app = Flask(__name__)
    app.config["KOOPGRAPH_STORE"] = store
    app.config["KOOPGRAPH_SETTINGS"] = full_settings(settings)
    app.config["MAX_CONTENT_LENGTH"] = app.config["KOOPGRAPH_SETTINGS"]["max_request_kb"] * 1024
    # the session cookie of /import's login: signed with a key of this process, never sent cross-site
    app.secret_key = secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    app.koopgraph_services = Services(store, app.config["KOOPGRAPH_SETTINGS"])
    app.json.ensure_ascii = False
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    app.after_request(_security_headers)
    app.register_error_handler(errors.KoopgraphError, _koopgraph_error)
    app.register_error_handler(HTTPException, _http_error)
    return app


def blueprints():
    """One blueprint per page family."""
    from .views import (
        abfragen,
        analyse,
        befunde,
        browse,
        display,
        imports,
        netzwerk,
        netzwerk_gross,
        resource,
        sparql,
        stadt_und_land,
        start,
    )

    return [display.blueprint, start.blueprint, browse.blueprint, resource.blueprint, netzwerk.blueprint,
            befunde.blueprint, sparql.bp, abfragen.bp, analyse.blueprint, netzwerk_gross.blueprint,
            imports.blueprint, stadt_und_land.blueprint]


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _koopgraph_error(error: errors.KoopgraphError):
    status = next(code for kind, code in STATUS_FOR_ERROR if isinstance(error, kind))
    log.info("%s %s: %d %s", request.method, request.path, status, error)  # one line, no traceback
    body, status = error_response(status, str(error), query_error_details(error))
    response = current_app.make_response((body, status))
    for name, value in query_error_details(error).items():  # the workbench marks the place in the editor
        if name in ("line", "column") and value is not None:
            response.headers[f"X-Koopgraph-Error-{name.title()}"] = str(value)
    if status == HTTPStatus.SERVICE_UNAVAILABLE:  # a query stopped at a limit: the worker is free again soon
        response.headers["Retry-After"] = str(math.ceil(current_app.config["KOOPGRAPH_SETTINGS"]["query_timeout"]))
    return response


def query_error_details(error: errors.KoopgraphError) -> dict:
    """Place and both sentences of a query error, for the JSON body; empty for other errors."""
    if not isinstance(error, errors.QueryError):
        return {}
    english = errors.KoopgraphError.__str__(error)
    return {"line": error.line, "column": error.column, "de": error.german_text(), "en": english}


def _http_error(error: HTTPException):
    # werkzeug's stock descriptions are English; the page then explains the status in German alone
    own = error.description if error.description != type(error).description else ""
    headers = dict(error.get_headers())
    body, status = error_response(HTTPStatus(error.code), own, retry_after=headers.get("Retry-After"))
    response = current_app.make_response((body, status))
    for name in ("Allow", "WWW-Authenticate", "Retry-After"):  # 405, 401, 429/503 must say what would work
        if name in headers:
            response.headers[name] = headers[name]
    return response


def error_response(status: HTTPStatus, message: str, details: dict | None = None, retry_after: str | None = None):
    """An error page (escaped by the template) or JSON (with ``details``), as the client asks; a page
    with ``retry_after`` (seconds) loads itself again then (neu-laden.js)."""
    if wants_json():
        return jsonify(error=status.phrase, status=int(status), message=message or status.description,
                       **(details or {})), status
    if wants_plain_text():
        return Response(f"{status.value} {status.phrase}: {message or status.description}\n",
                        mimetype="text/plain"), status
    retry = int(retry_after) if retry_after and retry_after.isdigit() else None
    return render_template("error.html", status=status, message=message, path=request.path, retry_after=retry), status
