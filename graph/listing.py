"""The municipalities a browse selection keeps: one sorted page with every column of Anhang I.

The sort column comes from a fixed table (never from the request text), the selection enters as
VALUES blocks (see browse.filter_patterns), and labels are the German ones the data gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .browse import MAIN_TYPES, MUNICIPALITY, PROLOGUE, Selection, filter_patterns
from .errors import KoopgraphError
from .labels import labels_of
from .values import with_value_lists


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort_var: str | None     # the list query's variable to sort by; None: not sortable


COLUMNS = [
    Column("name", "Kommune", "?name"),
    Column("land", "Land", "?landName"),
    Column("typ", "Typ", "?typName"),
    Column("einwohner", "Einwohner (12/2017)", "?population"),
    Column("auslaenderanteil", "Ausländer\u00adanteil (%)", "?share"),
    Column("laendlichkeit", "Ländlichkeit", "?ruralityName"),
    Column("lage", "Sozioök. Lage", "?situationName"),
    Column("partei", "Partei der Spitze", "?partyName"),
    Column("mehrheit", "Mehrheit im Rat", None),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
PAGE_SIZE = 100


def _german_label(term: str, var: str) -> str:
    return (f"OPTIONAL {{ {term} rdfs:label {var} FILTER(LANG({var}) = \"de\" || LANG({var}) = \"\") }}")


LIST_PATTERNS = "\n  ".join([
    _german_label("?k", "?n"),
    "OPTIONAL { ?k kg:inLand ?l . " + _german_label("?l", "?ln") + " }",
    "OPTIONAL { ?k a/rdfs:subClassOf* ?t . " + MAIN_TYPES.replace("{v}", "?t") + " "
    + _german_label("?t", "?tn") + " }",
    "OPTIONAL { ?k kg:population ?p }",
    "OPTIONAL { ?k kg:foreignShare ?s }",
    "OPTIONAL { ?k kg:rurality ?r . " + _german_label("?r", "?rn") + " }",
    "OPTIONAL { ?k kg:socioEconomicSituation ?e . " + _german_label("?e", "?en") + " }",
    "OPTIONAL { ?k kg:headParty ?h . " + _german_label("?h", "?hn") + " }",
])
LIST_SELECT = ("SELECT ?k (SAMPLE(?n) AS ?name) (SAMPLE(?l) AS ?land) (SAMPLE(?ln) AS ?landName) "
               "(SAMPLE(?t) AS ?typ) (SAMPLE(?tn) AS ?typName) (SAMPLE(?p) AS ?population) "
               "(SAMPLE(?s) AS ?share) (SAMPLE(?r) AS ?rurality) (SAMPLE(?rn) AS ?ruralityName) "
               "(SAMPLE(?e) AS ?situation) (SAMPLE(?en) AS ?situationName) (SAMPLE(?h) AS ?party) "
               "(SAMPLE(?hn) AS ?partyName)")
# bound: ?k (a list) — the council majorities of the listed municipalities
MAJORITIES = PROLOGUE + "SELECT ?k ?m WHERE { ?k kg:councilMajority ?m }"


@dataclass
class MunicipalityRow:
    iri: URIRef
    name: str
    cells: dict          # column key → RDF term (or list of terms for "mehrheit")


@dataclass
class MunicipalityList:
    rows: list[MunicipalityRow]
    total: int
    sort: str
    descending: bool
    page: int
    labels: dict         # RDF term → label, for the cells


def list_query(selection: Selection, sort: str, descending: bool, page: int) -> str:
    """SPARQL for one page of the filtered municipalities, sorted by a known column."""
    column = COLUMN_BY_KEY.get(sort)
    if column is None or column.sort_var is None:
        raise KoopgraphError(f"cannot sort by {sort!r}",
                             hint="Sort by one of: " + ", ".join(c.key for c in COLUMNS if c.sort_var) + ".")
    order = f"DESC({column.sort_var})" if descending else f"ASC({column.sort_var})"
    return (PROLOGUE + LIST_SELECT + " WHERE {\n  " + MUNICIPALITY + "\n  " + filter_patterns(selection)
            + "\n  " + LIST_PATTERNS + f"\n}} GROUP BY ?k ORDER BY {order} ASC(?name) "
            + f"LIMIT {PAGE_SIZE} OFFSET {PAGE_SIZE * max(page - 1, 0)}")


def count_query(selection: Selection) -> str:
    return (PROLOGUE + "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE {\n  " + MUNICIPALITY + "\n  "
            + filter_patterns(selection) + "\n}")


def municipality_list(store, selection: Selection, *, sort: str = "name", descending: bool = False,
                      page: int = 1) -> MunicipalityList:
    """One page of the municipalities the selection keeps, with every column of Anhang I."""
    total = int(next(iter(store.query(count_query(selection)))).n)
    rows = []
    for r in store.query(list_query(selection, sort, descending, page)):
        cells = {"land": r.land, "typ": r.typ, "einwohner": r.population, "auslaenderanteil": r.share,
                 "laendlichkeit": r.rurality, "lage": r.situation, "partei": r.party, "mehrheit": []}
        rows.append(MunicipalityRow(r.k, str(r.name) if r.name is not None else str(r.k), cells))
    by_iri = {row.iri: row for row in rows}
    if rows:
        for r in store.query(with_value_lists(MAJORITIES, {"k": list(by_iri)})):
            by_iri[r.k].cells["mehrheit"].append(r.m)
    terms = [t for row in rows for key, t in row.cells.items() if key != "mehrheit" and isinstance(t, URIRef)]
    terms += [m for row in rows for m in row.cells["mehrheit"]]
    labels = labels_of(store, terms)
    for row in rows:
        row.cells["mehrheit"].sort(key=labels)
    return MunicipalityList(rows, total, sort, descending, page, {t: labels(t) for t in terms})
