"""``/sparql``: the SPARQL 1.1 Protocol endpoint — queries, updates, service description.

https://www.w3.org/TR/sparql11-protocol/ — a query by GET, URL-encoded POST or
direct POST; an update by URL-encoded or direct POST, only with the admin
token; without an operation, GET answers with the Service Description.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, redirect, request
from koopgraph.graph.errors import ForbiddenUpdate
from koopgraph.graph.formats import RDF_FORMATS
from koopgraph.graph.sparql.dataset_clause import ProtocolDataset
from koopgraph.graph.sparql.engine import QueryEngine
from koopgraph.graph.sparql.execution import MEDIA_TYPES, QueryRequest
from koopgraph.graph.sparql.service_description import service_description
from werkzeug.datastructures import MultiDict, WWWAuthenticate
from werkzeug.exceptions import (
    BadRequest,
    NotAcceptable,
    RequestURITooLarge,
    Unauthorized,
    UnsupportedMediaType,
)

from .sparql_answers import cut_note, file_name, forms_of, media_types_for, requested_format, with_cut_note

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = {"application/sparql-query": "query", "application/sparql-update": "update"}
DATASET_PARAMETERS = {"query": ("default-graph-uri", "named-graph-uri"),
                      "update": ("using-graph-uri", "using-named-graph-uri")}
DESCRIPTION_FORMATS = {f.media_type: f for f in RDF_FORMATS if f.name in ("turtle", "rdfxml", "ntriples", "jsonld")}
_engine_lock = threading.Lock()


@dataclass(frozen=True)
class Operation:
    """A protocol operation: ``kind`` is query or update."""

    kind: str
    text: str
    dataset: ProtocolDataset


def query_engine() -> QueryEngine:
    """The app's query engine (its worker processes start with the first query)."""
    with _engine_lock:
        engine = current_app.extensions.get("koopgraph.engine")
        if engine is None:
            settings = current_app.config["KOOPGRAPH_SETTINGS"]
            engine = QueryEngine(current_app.config["KOOPGRAPH_STORE"], timeout=settings["query_timeout"],
                                 row_cap=settings["row_cap"], workers=settings["query_workers"],
                                 download_row_cap=settings["download_row_cap"])
            current_app.extensions["koopgraph.engine"] = engine
        return engine


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    operation = read_operation()
    if operation is None:
        return describe_service()
    if operation.kind == "update":
        return run_update(operation)
    return run_query(operation)


def read_operation() -> Operation | None:
    """The request's query or update, after the protocol's checks (400, 414, 415)."""
    if request.method == "GET":
        if len(request.query_string) > current_app.config["MAX_CONTENT_LENGTH"]:
            raise RequestURITooLarge("the query is too long for a GET request; send it by POST")
        if "update" in request.args:
            raise BadRequest("updates must be sent by POST, not GET")
        return _operation(request.args, "query", required=False)
    kind = DIRECT.get(request.mimetype)
    if request.mimetype == FORM:
        return _form_operation()
    if kind is None:
        raise UnsupportedMediaType(f"a POST to /sparql needs the content type {FORM}, "
                                   f"application/sparql-query or application/sparql-update, "
                                   f"not {request.mimetype or 'none'}")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the {kind} must be encoded as UTF-8, not {charset}")
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadRequest(f"the {kind} is not valid UTF-8 (byte {e.start})") from e
    return Operation(kind, text, _dataset(request.args, kind))


def _form_operation() -> Operation:
    params = MultiDict(request.args)
    for key, values in request.form.lists():
        params.setlist(key, params.getlist(key) + values)
    kinds = [k for k in ("query", "update") if k in params]
    if len(kinds) != 1:
        raise BadRequest("send exactly one of the parameters query or update")
    return _operation(params, kinds[0], required=True)


def _operation(params, kind: str, *, required: bool) -> Operation | None:
    texts = params.getlist(kind)
    if not texts:
        if required:
            raise BadRequest(f"the {kind} parameter is missing")
        return None
    if len(texts) > 1:
        raise BadRequest(f"the {kind} parameter was given {len(texts)} times; send one {kind} per request")
    return Operation(kind, texts[0], _dataset(params, kind))


def _dataset(params, kind: str) -> ProtocolDataset:
    default, named = DATASET_PARAMETERS[kind]
    return ProtocolDataset(tuple(params.getlist(default)), tuple(params.getlist(named)))


def run_query(operation: Operation) -> Response:
    fmt, download = requested_format(request.values), request.values.get("download") in ("1", "true")
    media_types = media_types_for(fmt) if fmt else \
        {form: negotiated([media for media, _ in offers]) for form, offers in MEDIA_TYPES.items()}
    answer = query_engine().query(QueryRequest(operation.text, operation.dataset, media_types,
                                               base=request.base_url, download=download))
    if answer.media_type is None:
        offered = ", ".join(dict.fromkeys(media for media, _ in MEDIA_TYPES[answer.form]))
        asked = f"format={fmt} (for {forms_of(fmt)})" if fmt else f"the Accept header {request.headers.get('Accept')}"
        raise NotAcceptable(f"a {answer.form} result is available as {offered}; {asked} asked for none of them")
    body = answer.body
    if answer.cut and (fmt or download):  # a tool that cannot read headers sees the cut in the first line
        body = with_cut_note(answer, cut_note(answer, "--download-row-cap" if download else "--row-cap"))
    response = Response(body, content_type=_with_charset(answer.media_type))
    response.vary.add("Accept")
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{file_name(answer)}"'
    response.headers["X-Koopgraph-Row-Count"] = str(answer.rows)
    row_cap = current_app.config["KOOPGRAPH_SETTINGS"]["row_cap"]
    if row_cap is not None:  # stated on every answer: a client then knows that an answer without X-Koopgraph-Row-Cap is whole
        response.headers["X-Koopgraph-Row-Limit"] = str(row_cap)
    if answer.cut:
        response.headers["X-Koopgraph-Row-Cap"] = str(answer.rows)
        response.headers["X-Koopgraph-Note"] = (f"results cut after {answer.rows} rows (the server's row cap); "
                                                "use LIMIT and OFFSET to page through them")
    return response


def negotiated(offers: list[str]) -> str | None:
    """The media type the Accept header prefers among ``offers`` (q-values count); None if none fits."""
    if not request.headers.get("Accept"):
        return offers[0]
    return request.accept_mimetypes.best_match(offers)


def _with_charset(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml", "triples"))
    return f"{media_type}; charset=utf-8" if textual else media_type


def run_update(operation: Operation) -> Response:
    check_admin_token()
    query_engine().update(operation.text, operation.dataset, base=request.base_url)
    return Response(status=204)


def check_admin_token() -> None:
    """Updates need ``Authorization: Bearer <admin token>``: 403 if none is configured, 401 if wrong."""
    token = current_app.config["KOOPGRAPH_SETTINGS"]["admin_token"]
    if not token:
        raise ForbiddenUpdate("this SPARQL endpoint is read-only",
                              hint="Start the server with --admin-token (KOOPGRAPH_ADMIN_TOKEN) to allow updates.")
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(sent.strip().encode(), token.encode()):
        raise Unauthorized("updates need the admin token as 'Authorization: Bearer <token>'",
                           www_authenticate=WWWAuthenticate("bearer", {"realm": "koopgraph"}))


def describe_service() -> Response:
    """The Service Description as RDF; a browser is sent to the workbench instead."""
    best = negotiated(list(DESCRIPTION_FORMATS) + ["text/html"])
    if best == "text/html":
        return redirect("/abfragen", code=303)
    if best is None:
        raise NotAcceptable("the service description is available as " + ", ".join(DESCRIPTION_FORMATS))
    updates = bool(current_app.config["KOOPGRAPH_SETTINGS"]["admin_token"])
    graph = service_description(current_app.config["KOOPGRAPH_STORE"], request.base_url, updates=updates)
    fmt = DESCRIPTION_FORMATS[best]
    response = Response(graph.serialize(format=fmt.rdflib_name, encoding="utf-8"),
                        content_type=_with_charset(fmt.media_type))
    response.vary.add("Accept")
    return response
