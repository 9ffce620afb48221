"""What every page family shares: the store, HTML-or-JSON answers, links to resources, JSON of RDF terms."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from urllib.parse import urlencode

from flask import Blueprint, current_app, jsonify, render_template
from koopgraph.graph.explore.resource import Shown
from koopgraph.graph.namespaces import ID
from rdflib import BNode, Literal, URIRef

from ..http import wants_json
from ..tables import Table, csv_response, wants_csv


def store():
    """The store the app was created with."""
    return current_app.config["KOOPGRAPH_STORE"]


def page_route(blueprint: Blueprint, rule: str, json_rule: str | None = None, *, table: bool = False, **options):
    """Register a view under ``rule`` and its JSON twin ``rule + '.json'`` (``/`` → ``/index.json``);
    with ``table``, also its CSV file ``rule + '.csv'`` (the view passes its table to :func:`answer`)."""
    twin = json_rule or (rule.rstrip("/") or "/index") + ".json"

    def decorate(view: Callable):
        blueprint.add_url_rule(rule, view_func=view, **options)
        blueprint.add_url_rule(twin, endpoint=view.__name__ + "_json", view_func=view, **options)
        if table:
            blueprint.add_url_rule(rule.rstrip("/") + ".csv", endpoint=view.__name__ + "_csv", view_func=view, **options)
        return view

    return decorate


def answer(template: str, data: Mapping, *, as_json: bool | None = None,
           table: Callable[[], Table] | None = None, **html_only):
    """The page as HTML, or ``data`` as JSON when the client asked for JSON (``as_json``: decided by
    the view, e.g. from a ``format`` argument), or ``table()`` as CSV when it asked for CSV."""
    if table is not None and wants_csv():
        return csv_response(table())
    if as_json or (as_json is None and wants_json()):
        response = jsonify(jsonable(data))
    else:
        response = current_app.make_response(render_template(template, **data, **html_only))
    response.vary.add("Accept")
    return response


def resource_href(iri: URIRef | str) -> str:
    """The explorer's page for ``iri``: /id/… for the dataset's own IRIs, else /ressource?iri=…"""
    text = str(iri)
    if text.startswith(str(ID)) and len(text) > len(str(ID)):
        return "/id/" + text[len(str(ID)):]
    return "/ressource?" + urlencode({"iri": text})


def jsonable(value):
    """Plain JSON data for dataclasses, RDF terms and containers."""
    if isinstance(value, Shown):
        return shown_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, Literal):
        return literal_json(value)
    if isinstance(value, (URIRef, BNode)):
        return str(value)
    return value


def shown_json(shown: Shown) -> dict:
    if isinstance(shown.term, URIRef):
        return {"iri": str(shown.term), "label": shown.label, "href": resource_href(shown.term)}
    if isinstance(shown.term, Literal):
        return {**literal_json(shown.term), "label": shown.label}
    return {"bnode": str(shown.term), "label": shown.label}


def literal_json(literal: Literal) -> dict:
    out = {"value": str(literal)}
    if literal.language:
        out["lang"] = literal.language
    elif literal.datatype:
        out["datatype"] = str(literal.datatype)
    return out
