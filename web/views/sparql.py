"""``/sparql``: the SPARQL 1.1 Protocol endpoint — queries, updates, service description.

https://www.w3.org/TR/sparql11-protocol/ — a query by GET, URL-encoded POST or
direct POST; an update by URL-encoded or direct POST, only with the admin
token; without an operation, GET answers with the Service Description.
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, redirect, request
from koopgraph.graph.errors import ForbiddenUpdate
from koopgraph.graph.formats import RDF_FORMATS
from koopgraph.graph.sparql.dataset_clause import ProtocolDataset
from koopgraph.graph.sparql.execution import MEDIA_TYPES, QueryAnswer, QueryRequest
from koopgraph.graph.sparql.service_description import service_description
from werkzeug.datastructures import MultiDict, WWWAuthenticate
from werkzeug.exceptions import (
    BadRequest,
    NotAcceptable,
    RequestURITooLarge,
    TooManyRequests,
    Unauthorized,
    UnsupportedMediaType,
)

from ..http import public_url
from ..services import services
from .sparql_answers import cut_note, file_name, forms_of, media_types_for, requested_format, with_cut_note

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = {"application/sparql-query": "query", "application/sparql-update": "update"}
DATASET_PARAMETERS = {"query": ("default-graph-uri", "named-graph-uri"),
                      "update": ("using-graph-uri", "using-named-graph-uri")}
DESCRIPTION_FORMATS = {f.media_type: f for f in RDF_FORMATS if f.name in ("turtle", "rdfxml", "ntriples", "jsonld")}


@dataclass(frozen=True)
class Operation:
    """A protocol operation: ``kind`` is query or update."""

    kind: str
    text: str
    dataset: ProtocolDataset


def answer_query(query: QueryRequest) -> QueryAnswer:
    """The answer of a query worker, if the gate lets the query in (else 429 or 503 at once)."""
    with services().admission.admitted(request.remote_addr or "unknown"):
        return services().engine.query(query)


@bp.after_request
def cross_origin(response: Response) -> Response:
    """CORS for the origins of --cors-origin (off by default), e.g. a notebook server's pages.

    Updates stay same-origin: the Authorization header is not allowed across origins.
    """
    allowed = {o.strip() for o in (current_app.config["KOOPGRAPH_SETTINGS"]["cors_origin"] or "").split(",")}
    origin = request.headers.get("Origin")
    if not origin or not (origin in allowed or "*" in allowed):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
    response.headers["Access-Control-Expose-Headers"] = "Retry-After, X-Koopgraph-Row-Cap, X-Koopgraph-Note"
    response.vary.add("Origin")
    if request.method == "OPTIONS":  # the preflight of a POST with a SPARQL content type
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    return response


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
    if request.method in ("GET", "HEAD"):  # HEAD: the answer of GET without its body
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
    answer = answer_query(QueryRequest(operation.text, operation.dataset, media_types,
                                       base=public_url("/sparql"), download=download))
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
    services().engine.update(operation.text, operation.dataset, base=public_url("/sparql"))
    return Response(status=204)


def check_admin_token() -> None:
    """Updates need ``Authorization: Bearer <admin token>``: 403 if none is configured, 401 if wrong,
    429 after too many wrong ones from the client."""
    token = current_app.config["KOOPGRAPH_SETTINGS"]["admin_token"]
    if not token:
        raise ForbiddenUpdate("this SPARQL endpoint is read-only",
                              hint="Start the server with --admin-token (KOOPGRAPH_ADMIN_TOKEN) to allow updates.")
    lockout = services().token_lockout
    client, now = request.remote_addr or "unknown", time.monotonic()
    if seconds := lockout.locked_for(client, now):
        raise TooManyRequests("too many wrong admin tokens from this address; updates are refused "
                              f"for {seconds} s", retry_after=seconds)
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(sent.strip().encode(), token.encode()):
        if lockout.failed(client, now):
            current_app.logger.warning("admin token: %d wrong attempts from %s; its updates are refused "
                                       "for %d s", lockout.failures, client, lockout.lock_seconds)
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
    settings = current_app.config["KOOPGRAPH_SETTINGS"]
    graph = service_description(current_app.config["KOOPGRAPH_STORE"], public_url("/sparql"), updates=updates,
                                limits={name: settings[name] for name in ("query_timeout", "row_cap", "download_row_cap")},
                                question_pages=public_url("/abfragen/"))
    fmt = DESCRIPTION_FORMATS[best]
    response = Response(graph.serialize(format=fmt.rdflib_name, encoding="utf-8"),
                        content_type=_with_charset(fmt.media_type))
    response.vary.add("Accept")
    return response
