"""Template helpers shared by all pages: links to resources, prefixed names, German number formats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import Blueprint, request
from koopgraph.graph.errors import StoreError
from koopgraph.graph.namespaces import PREFIXES
from rdflib import XSD, Literal, URIRef

from ..services import services
from .common import resource_href

blueprint = Blueprint("display", __name__)

_INTEGER_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger,
                  XSD.short, XSD.unsignedInt}
_DECIMAL_TYPES = {XSD.decimal, XSD.double, XSD.float}


@blueprint.app_template_global("resource_href")
def resource_href_global(iri) -> str:
    return resource_href(iri)


# The main navigation: (href, text, the path prefixes it stands for).
NAVIGATION = [
    ("/kommunen", "Kommunen", ("/kommunen",)),
    ("/netzwerk", "Netzwerk", ("/netzwerk",)),
    ("/abfragen", "Fragen und SPARQL", ("/abfragen", "/sparql")),
    ("/befunde", "Befunde", ("/befunde",)),
    ("/stadt-und-land", "Stadt und Land", ("/stadt-und-land",)),
    ("/analyse", "Analyse", ("/analyse",)),
    ("/import", "Eigene Daten", ("/import",)),
    ("/ueber-die-daten", "Über die Daten", ("/ueber-die-daten",)),
]


@blueprint.app_template_global("site_navigation")
def site_navigation() -> list[tuple[str, str, bool]]:
    """(href, text, is the current page) of the main navigation; the first matching entry is current."""
    current = next((href for href, _, prefixes in NAVIGATION
                    if any(_stands_for(request.path, prefix) for prefix in prefixes)), None)
    return [(href, text, href == current) for href, text, _ in NAVIGATION]


def _stands_for(path: str, prefix: str) -> bool:
    """``/kommunen`` stands for itself, ``/kommunen.json`` and ``/kommunen/…``; ``/abfragen/`` for what is below."""
    if prefix.endswith("/"):
        return path.startswith(prefix)
    return path == prefix or path.startswith((prefix + "/", prefix + "."))


@blueprint.app_template_global("dataset_about")
def dataset_about() -> dict[str, str]:
    """The dataset's title, source and licence (for footers, captions and exports); nothing when the store
    cannot answer (an error page about that store, e.g. 502 or 503 while the server stops, still shows)."""
    try:
        return services().about()
    except StoreError:
        return {}


@blueprint.app_template_global("curie")
def curie(iri) -> str:
    """``kg:inCounty`` for an IRI in a known namespace, else the IRI."""
    text = str(iri)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


@blueprint.app_template_filter("de_number")
def de_number(value) -> str:
    """German digit grouping and decimal comma: 125113 → '125.113', 24.58 → '24,58'."""
    text = "" if value is None else str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if number < 0 else "") + grouped + ("," + fraction if fraction else "")


@blueprint.app_template_filter("de_fixed")
def de_fixed(value, places: int = 2) -> str:
    """A number with a fixed count of decimals, German style: 4 → '4,00' (stores keep 4.00 as 4)."""
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return str(value)
    return de_number(str(number))


@blueprint.app_template_filter("literal_text")
def literal_text(term) -> str:
    """A literal as a German reader expects it (numbers formatted, booleans as ja/nein)."""
    if not isinstance(term, Literal):
        return str(term)
    if term.datatype in _INTEGER_TYPES or term.datatype in _DECIMAL_TYPES:
        return de_number(str(term))
    if term.datatype == XSD.boolean:
        return "ja" if term.toPython() is True else "nein"
    return str(term)


@blueprint.app_template_filter("is_iri")
def is_iri(term) -> bool:
    return isinstance(term, URIRef)
