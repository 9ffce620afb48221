"""Resource pages: /id/… for the dataset's IRIs, /ressource?iri=… for any other; Linked Data negotiation."""

from __future__ import annotations

from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, request
from koopgraph.graph.explore import places
from koopgraph.graph.explore.resource import describe, is_named_place, resource_graph
from koopgraph.graph.formats import format_by_name
from koopgraph.graph.namespaces import ID
from koopgraph.graph.territory import alias_target
from rdflib import URIRef
from werkzeug.exceptions import NotAcceptable, NotFound

from ..http import iri_arg
from ..services import services
from .common import answer, store

blueprint = Blueprint("resource", __name__)

# suffix → the format it asks for ("page" is the HTML page's JSON twin)
SUFFIXES = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "ntriples", ".rdf": "rdfxml", ".json": "page"}
# media type → format, in the order preferred when the client accepts several equally
OFFERED = {
    "text/html": "html",
    "application/json": "page",
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}
RDF_DOWNLOADS = [("Turtle", ".ttl"), ("JSON-LD", ".jsonld"), ("N-Triples", ".nt"), ("RDF/XML", ".rdf")]


@blueprint.route("/id/<path:rest>")
def by_id(rest: str):
    """A resource of the dataset; a suffix such as .ttl picks the format. An alias (the study's former IRIs,
    the key IRIs of a place's other levels) redirects permanently to the IRI the data use."""
    suffix = next((s for s in SUFFIXES if rest.endswith(s) and len(rest) > len(s)), "")
    iri = dataset_iri(rest[: len(rest) - len(suffix)])
    target = alias_target(store(), iri)
    if target is not None and str(target).startswith(str(ID)):
        return redirect("/id/" + str(target)[len(str(ID)):] + suffix, code=301)
    return resource_answer(iri, SUFFIXES[suffix] if suffix else negotiated_format())


def dataset_iri(rest: str) -> URIRef:
    """The IRI that /id/``rest`` stands for; 404 if that is no valid IRI (e.g. a backslash, a space)."""
    iri = str(ID) + rest
    try:
        ox.NamedNode(iri)
    except ValueError as e:
        raise NotFound(f"/id/{rest} names no resource: {iri!r} is not a valid IRI") from e
    return URIRef(iri)


@blueprint.route("/ressource")
@blueprint.route("/ressource.json")
def by_iri():
    """Any IRI the store mentions (ontology terms, graphs, concepts of other vocabularies);
    ``format=ttl`` (a suffix's name) or /ressource.json picks the format."""
    iri = iri_arg("iri")
    fmt = SUFFIXES.get("." + request.args.get("format", ""), None) or negotiated_format()
    return resource_answer(iri, "page" if request.path.endswith(".json") else fmt)


def page_data(iri: URIRef) -> tuple[dict, bool]:
    """What a resource's page shows (kept per data generation: a Landkreis page with its ~100 Gemeinden
    asked ~10 queries, ~350 ms of CPU on a busy machine, at every visit), and whether it is a named place."""
    data = {"resource": describe(store(), iri), "members": places.members(store(), iri),
            "profile": places.profile(store(), iri)}
    return data, is_named_place(store(), iri)


def download_links(iri: URIRef) -> list[tuple[str, str]]:
    """(name, href) of the resource's page in each RDF format and as JSON."""
    named = [*RDF_DOWNLOADS, ("JSON", ".json")]
    text = str(iri)
    if text.startswith(str(ID)) and len(text) > len(str(ID)):
        return [(name, "/id/" + text[len(str(ID)):] + suffix) for name, suffix in named]
    return [(name, "/ressource?" + urlencode({"iri": text, "format": suffix[1:]})) for name, suffix in named]


def negotiated_format() -> str:
    if not request.accept_mimetypes:  # no Accept header: anything goes
        return "html"
    best = request.accept_mimetypes.best_match(list(OFFERED))
    if best is None:
        raise NotAcceptable("This resource is available as " + ", ".join(OFFERED) + ".")
    return OFFERED[best]


def resource_answer(iri: URIRef, fmt: str):
    if fmt in ("html", "page"):
        data, named_place = services().pages.kept(("resource", iri), lambda: page_data(iri))
        response = answer("resource.html", data, as_json=fmt == "page", downloads=download_links(iri),
                          named_place=named_place)
    else:
        rdf_format = format_by_name(fmt)
        body = resource_graph(store(), iri).serialize(format=rdf_format.rdflib_name, encoding="utf-8")
        response = Response(body, content_type=f"{rdf_format.media_type}; charset=utf-8")
    response.vary.add("Accept")
    return response
