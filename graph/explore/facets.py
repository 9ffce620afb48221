"""Browsing municipalities by facets: counts per facet value and the filtered, sorted list.

Every count comes from a SPARQL GROUP BY. A facet's counts respect the filters of all
*other* facets (so choosing "Bayern" still shows how many municipalities each Land has
under the remaining filters). Queries are composed from the constant fragments below;
chosen values enter only through VALUES blocks of RDF terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ..bind import values_block, with_value_lists
from ..errors import KoopgraphError
from ..labels import labels_of

PROLOGUE = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Subqueries, so that Oxigraph finds the Kommunen (and their types) once and joins them by hash
# instead of following the class path for every row (measured at scale M: 4-5x faster facet counts).
MUNICIPALITY = "{ SELECT DISTINCT ?k WHERE { ?k a/rdfs:subClassOf* kg:Kommune } }"
MAIN_TYPES = "VALUES {v} { kg:KreisfreieStadt kg:Landkreis kg:KreisangehoerigeKommune }"
MAIN_TYPE_OF = "{ SELECT DISTINCT ?k {v} WHERE { ?k a/rdfs:subClassOf* {v} . " + MAIN_TYPES + " } }"

# Population ranges: (lower bound inclusive, label); the last range has no upper bound.
POPULATION_RANGES = [(0, "unter 5.000"), (5000, "5.000 bis unter 10.000"), (10000, "10.000 bis unter 20.000"),
                     (20000, "20.000 bis unter 50.000"), (50000, "50.000 bis unter 100.000"),
                     (100000, "100.000 bis unter 250.000"), (250000, "250.000 und mehr")]


def _population_range_expression(var: str) -> str:
    expression = f'"{POPULATION_RANGES[0][1]}"'
    for bound, label in POPULATION_RANGES[1:]:
        expression = f'IF({var} >= {bound}, "{label}", {expression})'
    return expression


@dataclass(frozen=True)
class Facet:
    key: str        # the URL parameter
    title: str      # German heading
    pattern: str    # binds {v} for ?k; {p} is a helper variable

    def bound(self, var: str) -> str:
        return self.pattern.replace("{v}", var).replace("{p}", var + "_helper")

    def restricted(self, var: str, terms) -> str:
        """The pattern with ``var`` limited to ``terms``. A facet that BINDs its value gets the VALUES
        block after the BIND: SPARQL forbids binding a variable the group has already bound."""
        values = values_block(var[1:], terms)
        if "BIND(" in self.pattern:
            return self.bound(var) + " " + values
        return values + " " + self.bound(var)


# "ja" for the 92 places of the study, "nein" for the rest of the official base layer (issue 13). A
# subquery of its own: inside the count query's UNION branch ?k is not bound yet, so an OPTIONAL or
# EXISTS there matched everything (and took Oxigraph 45-90 s at Germany scale)
STUDY_FACET_PATTERN = ("{ SELECT ?k {v} WHERE { " + MUNICIPALITY + ' OPTIONAL { ?k a kg:Studienkommune BIND("ja" AS {p}) }'
                       ' BIND(COALESCE({p}, "nein") AS {v}) } }')
STUDY_VALUES = ("ja", "nein")

FACETS = [
    Facet("studie", "In der Studie", STUDY_FACET_PATTERN),
    Facet("land", "Land", "?k kg:inLand {v} ."),
    Facet("typ", "Kommunaltyp", MAIN_TYPE_OF),
    Facet("laendlichkeit", "Ländlichkeit", "?k kg:rurality {v} ."),
    Facet("lage", "Sozioökonomische Lage", "?k kg:socioEconomicSituation {v} ."),
    Facet("partei", "Partei der Verwaltungsspitze", "?k kg:headParty {v} ."),
    Facet("mehrheit", "Mehrheit im Rat", "?k kg:councilMajority {v} ."),
    Facet("programm", "Förderprogramm (antragsberechtigt, abgeleitet)", "?k kg:eligibleFor {v} ."),
    Facet("einwohner", "Einwohnerzahl (Studie, 12/2017)",
          "?k kg:population {p} . BIND(" + _population_range_expression("{p}") + " AS {v})"),
    # the official figures of the base layer (issue 13): every place of Germany has them, the study's
    # 92 too, as a second, dated figure beside the study's own; a Kreis has the sum of its Gemeinden
    # (kg:summedPopulation, derived), as the list's column shows it
    Facet("einwohner-amtlich", "Einwohnerzahl (amtlich, 31.12.2019)",
          "{ ?k kg:officialPopulation {p} } UNION { ?k kg:summedPopulation {p} FILTER NOT EXISTS { ?k kg:officialPopulation [] } }"
          " BIND(" + _population_range_expression("{p}") + " AS {v})"),
    Facet("gebietsart", "Gebietsart (amtlich)", "?k kg:unitKind {v} ."),
    Facet("verstaedterung", "Verstädterungsgrad (amtlich, DEGURBA)", "?k kg:degreeOfUrbanisation {v} ."),
]
RANGE_FACETS = ("einwohner", "einwohner-amtlich")
# Not a facet with counts, but restricts ?k like one: the places a search found (graph.territory).
SEARCH = Facet("suche", "Suche", "BIND(?k AS {v})")
FACET_BY_KEY = {f.key: f for f in [*FACETS, SEARCH]}


@dataclass
class FacetValue:
    value: URIRef | Literal
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetCounts:
    facet: Facet
    values: list[FacetValue] = field(default_factory=list)


Selection = Mapping[str, list]   # facet key → chosen RDF terms


def filter_patterns(selection: Selection, *, skip: str | None = None) -> str:
    """The graph patterns (with VALUES) that restrict ?k to the selection, leaving out ``skip``."""
    parts = []
    for key, terms in selection.items():
        if key != skip and terms:
            parts.append(FACET_BY_KEY[key].restricted("?f_" + key.replace("-", "_"), terms))  # no "-" in names
    return "\n  ".join(parts)


def facet_count_query(facets: list[Facet], selection: Selection, skip: str | None = None) -> str:
    """SPARQL counting municipalities per (facet key, value) of ``facets`` under the selection's
    filters, leaving out the filter of ``skip``: one UNION branch per facet, the filters joined once."""
    branches = "\n  UNION ".join("{ " + f.bound("?value") + f' BIND("{f.key}" AS ?facet) }}' for f in facets)
    return (PROLOGUE + "SELECT ?facet ?value (COUNT(DISTINCT ?k) AS ?n) WHERE {\n  " + MUNICIPALITY + "\n  "
            + filter_patterns(selection, skip=skip) + "\n  " + branches + "\n} GROUP BY ?facet ?value")


def facet_count_queries(selection: Selection, keys: list[str] | None = None) -> list[str]:
    """The queries :func:`facet_counts` runs: one per chosen facet (counted under the *other* facets'
    filters) and one for all facets not chosen, which share the whole selection's filters."""
    facets = [f for f in FACETS if keys is None or f.key in keys]
    chosen = [f for f in facets if selection.get(f.key)]
    free = [f for f in facets if not selection.get(f.key)]
    queries = [facet_count_query([f], selection, skip=f.key) for f in chosen]
    return queries + ([facet_count_query(free, selection)] if free else [])


def facet_counts(store, selection: Selection, keys: list[str] | None = None) -> list[FacetCounts]:
    """Counts per value for every facet (or those in ``keys``); values sorted as a reader expects."""
    facets = [f for f in FACETS if keys is None or f.key in keys]
    rows: dict[str, list] = {f.key: [] for f in facets}
    for sparql in facet_count_queries(selection, keys):
        for r in store.query(sparql):
            rows[str(r.facet)].append((r.value, int(r.n)))
    labels = labels_of(store, [v for found in rows.values() for v, _ in found])
    result = []
    for facet in facets:
        chosen = set(selection.get(facet.key, ()))
        values = [FacetValue(v, labels(v), n, v in chosen) for v, n in rows[facet.key]]
        result.append(FacetCounts(facet, sorted(values, key=_value_order(facet))))
    return result


# Facets whose values are a scale, listed in its order (the study's rurality, §2.3.2; DEGURBA from dense
# to thin), not alphabetically; a value the scale does not know comes after them
SCALES = {"laendlichkeit": ("nicht ländlich", "eher ländlich", "sehr ländlich"),
          "verstaedterung": ("dicht besiedelt", "mittlere Besiedlungsdichte", "gering besiedelt")}


def _value_order(facet: Facet):
    if facet.key in (*RANGE_FACETS, "studie"):
        order = [label for _, label in POPULATION_RANGES] if facet.key in RANGE_FACETS else list(STUDY_VALUES)
        return lambda v: order.index(str(v.value)) if str(v.value) in order else len(order)
    scale = SCALES.get(facet.key, ())
    return lambda v: (scale.index(v.label) if v.label in scale else len(scale), v.label.casefold())


# bound: ?label (a list of literals: the text in German, English and without language) — what is
# labelled exactly so (an index lookup; the case-insensitive match below reads every label)
LABELLED_EXACTLY = PROLOGUE + """SELECT DISTINCT ?value WHERE {
  ?value rdfs:label|<http://www.w3.org/2004/02/skos/core#prefLabel> ?label
}"""
# bound: ?wanted (a literal) — the values of a facet whose label is the wanted text
VALUE_BY_LABEL = PROLOGUE + """SELECT DISTINCT ?value WHERE {
  MUNICIPALITY PATTERN
  ?value rdfs:label|<http://www.w3.org/2004/02/skos/core#prefLabel> ?label
  FILTER(LCASE(STR(?label)) = LCASE(STR(?wanted)))
}"""
# bound: ?value — is this IRI a value of the facet?
VALUE_EXISTS = PROLOGUE + "ASK { MUNICIPALITY PATTERN }"


def _facet_query(template: str, facet: Facet) -> str:
    return template.replace("MUNICIPALITY", MUNICIPALITY).replace("PATTERN", facet.bound("?value"))


def resolve_value(store, key: str, text: str) -> URIRef | Literal:
    """The facet value a URL names by its label ("Bayern") or IRI; KoopgraphError if none."""
    facet = FACET_BY_KEY.get(key)
    if facet is None:
        raise KoopgraphError(f"unknown facet {key!r}", hint="Use one of: " + ", ".join(FACET_BY_KEY) + ".")
    if key in (*RANGE_FACETS, "studie"):
        for label in [label for _, label in POPULATION_RANGES] if key in RANGE_FACETS else STUDY_VALUES:
            if text.casefold() == label.casefold():
                return Literal(label)
    elif text.startswith(("http://", "https://")):
        _check_iri(text)
        if store.query(_facet_query(VALUE_EXISTS, facet), {"value": URIRef(text)}).askAnswer:
            return URIRef(text)
    else:
        found = _values_labelled(store, facet, text)
        if found:
            return found[0]
    raise KoopgraphError(f"{key}={text!r} matches no municipality",
                         hint=f"Choose a value from the list of {facet.title}.")


def _values_labelled(store, facet: Facet, text: str) -> list:
    """The facet's values labelled ``text``: exactly (fast), else ignoring case."""
    spellings = [Literal(text, lang="de"), Literal(text, lang="en"), Literal(text)]
    labelled = sorted(row.value for row in store.query(with_value_lists(LABELLED_EXACTLY, {"label": spellings})))
    found = [v for v in labelled if store.query(_facet_query(VALUE_EXISTS, facet), {"value": v}).askAnswer]
    return found or sorted(row.value for row in store.query(_facet_query(VALUE_BY_LABEL, facet),
                                                            {"wanted": Literal(text)}))


def resolve_selection(store, wanted: Mapping[str, list[str]]) -> dict[str, list]:
    """Facet key → RDF terms, for the texts a URL gives (``?land=Bayern&typ=Landkreis``)."""
    return {key: [resolve_value(store, key, text) for text in texts] for key, texts in wanted.items() if texts}


def _check_iri(text: str) -> None:
    try:
        ox.NamedNode(text)
    except ValueError as e:
        raise KoopgraphError(f"{text!r} is not a valid IRI", hint="Give a label or a full https:// IRI.") from e
