"""The municipalities a browse selection keeps: one sorted page with every column of Anhang I.

The sort column comes from a fixed table (never from the request text), the selection enters as
VALUES blocks (see browse.filter_patterns), and labels are the German ones the data gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ..bind import with_value_lists
from ..errors import KoopgraphError
from ..labels import labels_of
from .facets import (
    MAIN_TYPE_OF,
    MAIN_TYPES,
    MUNICIPALITY,
    PROLOGUE,
    Selection,
    filter_patterns,
)


def _german_label(term: str, var: str) -> str:
    return f"OPTIONAL {{ {term} rdfs:label {var} FILTER(LANG({var}) = \"de\" || LANG({var}) = \"\") }}"


def _with_label(pattern: str, term: str, var: str) -> str:
    return "OPTIONAL { " + pattern + " " + _german_label(term, var) + " }"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort_var: str | None     # the list query's variable to sort by; None: not sortable
    pattern: str = ""        # binds the column's variables for ?k
    select: str = ""         # the column's values in the grouped SELECT
    page_pattern: str = ""   # for the page's rows alone, if not ``pattern`` (which suits all rows)


COLUMNS = [
    Column("name", "Kommune", "?name", _german_label("?k", "?n"), "(SAMPLE(?n) AS ?name)"),
    Column("land", "Land", "?landName", _with_label("?k kg:inLand ?l .", "?l", "?ln"),
           "(SAMPLE(?l) AS ?land) (SAMPLE(?ln) AS ?landName)"),
    Column("typ", "Typ", "?typName", _with_label(MAIN_TYPE_OF.replace("{v}", "?t"), "?t", "?tn"),
           "(SAMPLE(?t) AS ?typ) (SAMPLE(?tn) AS ?typName)",
           _with_label("?k a/rdfs:subClassOf* ?t . " + MAIN_TYPES.replace("{v}", "?t"), "?t", "?tn")),
    Column("einwohner", "Einwohner (Studie, 12/2017)", "?population", "OPTIONAL { ?k kg:population ?p }",
           "(SAMPLE(?p) AS ?population)"),
    Column("amtlich", "Einwohner (31.12.2019)", "?official",
           "OPTIONAL { ?k kg:officialPopulation ?o1 } OPTIONAL { ?k kg:summedPopulation ?o2 }",
           "(SAMPLE(COALESCE(?o1, ?o2)) AS ?official)"),
    Column("auslaenderanteil", "Ausländer\u00adanteil (%)", "?share", "OPTIONAL { ?k kg:foreignShare ?s }",
           "(SAMPLE(?s) AS ?share)"),
    Column("gebietsart", "Gebietsart (amtlich)", None),   # several per row (Stadt, verbandsfrei): LISTED
    Column("laendlichkeit", "Ländlichkeit", "?ruralityName", _with_label("?k kg:rurality ?r .", "?r", "?rn"),
           "(SAMPLE(?r) AS ?rurality) (SAMPLE(?rn) AS ?ruralityName)"),
    Column("lage", "Sozioök. Lage", "?situationName", _with_label("?k kg:socioEconomicSituation ?e .", "?e", "?en"),
           "(SAMPLE(?e) AS ?situation) (SAMPLE(?en) AS ?situationName)"),
    Column("partei", "Partei der Spitze", "?partyName", _with_label("?k kg:headParty ?h .", "?h", "?hn"),
           "(SAMPLE(?h) AS ?party) (SAMPLE(?hn) AS ?partyName)"),
    Column("mehrheit", "Mehrheit im Rat", None),   # several per row: LISTED
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
PAGE_SIZE = 100
DETAILS_CHUNK = 1000   # IRIs per VALUES block when all rows are asked for (a base layer lists ~10,000)

# bound: ?k (a list) — every column of the listed municipalities (one page)
PAGE_DETAILS = (PROLOGUE + "SELECT ?k " + " ".join(c.select for c in COLUMNS if c.select) + " WHERE {\n  "
                + "\n  ".join(c.page_pattern or c.pattern for c in COLUMNS if c.pattern) + "\n} GROUP BY ?k")
# bound: ?k (a list) — the columns with several values per municipality: the official kinds (a Gemeinde
# is "Stadt" and "verbandsfreie Gemeinde"), the council majorities
LISTED = {"gebietsart": PROLOGUE + "SELECT ?k ?m WHERE { ?k kg:unitKind ?m }",
          "mehrheit": PROLOGUE + "SELECT ?k ?m WHERE { ?k kg:councilMajority ?m }"}


@dataclass
class MunicipalityRow:
    iri: URIRef
    name: str
    cells: dict          # column key → RDF term (or list of terms for the LISTED columns)


@dataclass
class MunicipalityList:
    rows: list[MunicipalityRow]
    total: int
    sort: str
    descending: bool
    page: int
    labels: dict         # RDF term → label, for the cells


def order_query(selection: Selection, sort: str, descending: bool) -> str:
    """SPARQL for the IRIs of the filtered municipalities in the order of a known column.

    Only the name and the sort column are read for every municipality of the selection; the
    other columns are read for one page alone (:data:`PAGE_DETAILS`). The whole order is asked
    for, not one page of it: a store that keeps answers (see generation_cache.KeptAnswers)
    then serves every further page of the same list without a query.
    """
    column = COLUMN_BY_KEY.get(sort)
    if column is None or column.sort_var is None:
        raise KoopgraphError(f"cannot sort by {sort!r}",
                             hint="Sort by one of: " + ", ".join(c.key for c in COLUMNS if c.sort_var) + ".")
    name = COLUMN_BY_KEY["name"]
    shown = [name] if column is name else [name, column]
    order = f"DESC({column.sort_var})" if descending else f"ASC({column.sort_var})"
    return (PROLOGUE + "SELECT ?k " + " ".join(c.select for c in shown) + " WHERE {\n  " + MUNICIPALITY
            + "\n  " + filter_patterns(selection) + "\n  " + "\n  ".join(c.pattern for c in shown)
            + f"\n}} GROUP BY ?k ORDER BY {order} ASC(?name) ASC(?k)")


def municipality_list(store, selection: Selection, *, sort: str = "name", descending: bool = False,
                      page: int = 1, page_size: int | None = PAGE_SIZE) -> MunicipalityList:
    """One page of the municipalities the selection keeps, with every column of Anhang I
    (``page_size=None``: all of them, for a table to take away)."""
    ordered = [r.k for r in store.query(order_query(selection, sort, descending))]
    size = page_size or max(len(ordered), 1)
    total, start = len(ordered), size * max(page - 1, 0)
    order = ordered[start:start + size]
    details = {}
    for chunk in range(0, len(order), DETAILS_CHUNK):
        bound = with_value_lists(PAGE_DETAILS, {"k": order[chunk:chunk + DETAILS_CHUNK]})
        details.update({r.k: r for r in store.query(bound)})
    rows = []
    for r in (details[k] for k in order):
        cells = {"land": r.land, "typ": r.typ, "einwohner": r.population, "amtlich": r.official,
                 "auslaenderanteil": r.share, "gebietsart": [],
                 "laendlichkeit": r.rurality, "lage": r.situation, "partei": r.party, "mehrheit": []}
        rows.append(MunicipalityRow(r.k, str(r.name) if r.name is not None else str(r.k), cells))
    _fill_listed(store, {row.iri: row for row in rows})
    terms = [t for row in rows for key, t in row.cells.items() if key not in LISTED and isinstance(t, URIRef)]
    terms += [m for row in rows for key in LISTED for m in row.cells[key]]
    labels = labels_of(store, terms)
    for row in rows:
        for key in LISTED:
            row.cells[key].sort(key=labels)
    return MunicipalityList(rows, total, sort, descending, page, {t: labels(t) for t in terms})


def _fill_listed(store, by_iri: dict) -> None:
    """The values of the columns with several per municipality (:data:`LISTED`) into the rows' cells."""
    listed = list(by_iri)
    for key, query in LISTED.items():
        for chunk in range(0, len(listed), DETAILS_CHUNK):
            for r in store.query(with_value_lists(query, {"k": listed[chunk:chunk + DETAILS_CHUNK]})):
                by_iri[r.k].cells[key].append(r.m)
