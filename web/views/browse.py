"""/kommunen: municipalities by facets, with counts per value, sortable columns and the state in the URL."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, request
from koopgraph.graph.explore import facets, listing
from koopgraph.graph.namespaces import ID
from koopgraph.graph.store.cache import KeptAnswers
from koopgraph.graph.territory import search_places
from werkzeug.datastructures import MultiDict

from ..http import int_arg
from ..services import services
from ..tables import Table, wants_csv
from .common import answer, page_route, resource_href, store
from .netzwerk_ansicht import FACET_PARAMS

blueprint = Blueprint("browse", __name__)

SORT, DIRECTION, PAGE = "sortierung", "richtung", "seite"
ALL_PAGES = "alle"
SEARCH = facets.SEARCH.key
# what a search that found nothing restricts the list to: an IRI no Kommune has (an empty restriction
# would mean "no restriction")
NOTHING_FOUND = ID["keine-treffer"]


def kept_store() -> KeptAnswers:
    """The store, its answers kept per data generation: at Germany scale sorting 10,000 Kommunen by
    name costs Oxigraph most of a second, and readers page, sort and come back; kept on disk too, so
    that the first request after a restart reads them instead of asking Oxigraph again."""
    return KeptAnswers(store(), services().answers, services().on_disk)


@page_route(blueprint, "/kommunen", table=True)
def municipalities():
    """The selection's municipalities, one page of them; all of them as CSV and with ``?seite=alle``."""
    wanted = {f.key: request.args.getlist(f.key) for f in facets.FACETS}
    kept = kept_store()
    selection = facets.resolve_selection(kept, wanted)
    search = request.args.get(SEARCH, "").strip()
    if search:
        selection[SEARCH] = search_places(kept, search) or [NOTHING_FOUND]
    sort = request.args.get(SORT, "name")
    descending = request.args.get(DIRECTION, "auf") == "ab"
    every = wants_csv() or request.args.get(PAGE) == ALL_PAGES
    rows = listing.municipality_list(kept, selection, sort=sort, descending=descending,
                                     page=1 if every else int_arg(PAGE, 1, low=1),
                                     page_size=None if every else listing.PAGE_SIZE)
    counts = facets.facet_counts(kept, selection)
    data = {"search": search, "total": rows.total, "facets": [_facet_json(fc) for fc in counts],
            "columns": [{"key": c.key, "title": c.title, "sortable": c.sort_var is not None}
                        for c in listing.COLUMNS],
            "sort": sort, "descending": descending, "page": rows.page,
            "page_size": len(rows.rows) if every else listing.PAGE_SIZE,
            "rows": [_row_json(row, rows.labels) for row in rows.rows]}
    return answer("kommunen.html", data, facet_counts=counts, listing=rows, links=Links(request.args),
                  network_href=_network_href(), table=lambda: _table(data["rows"]))


def _table(rows: list[dict]) -> Table:
    """The listed municipalities for a spreadsheet: the page's columns, then the IRI."""
    columns = [(c.key, c.title) for c in listing.COLUMNS] + [("iri", "IRI")]
    return Table("kommunen", columns, rows)


def _facet_json(counts: facets.FacetCounts) -> dict:
    return {"key": counts.facet.key, "title": counts.facet.title,
            "values": [{"value": str(v.value), "label": v.label, "count": v.count, "selected": v.selected}
                       for v in counts.values]}


def _row_json(row: listing.MunicipalityRow, labels: dict) -> dict:
    out = {"iri": str(row.iri), "name": row.name, "href": resource_href(row.iri)}
    for key, term in row.cells.items():
        if isinstance(term, list):
            out[key] = [{"iri": str(t), "label": labels.get(t, str(t))} for t in term]
        elif term is None:
            out[key] = None
        elif term in labels:
            out[key] = {"iri": str(term), "label": labels[term]}
        else:
            out[key] = term.toPython() if hasattr(term, "toPython") else str(term)
    return out


def _network_href() -> str:
    pairs = [(key, value) for key in FACET_PARAMS for value in request.args.getlist(key)]  # /netzwerk's facets
    return "/netzwerk" + ("?" + urlencode(pairs) if pairs else "")


class Links:
    """Query strings for the links of the page: toggled facet values, sorting, paging."""

    def __init__(self, args: MultiDict) -> None:
        self.args = MultiDict(args)

    def _with(self, args: MultiDict) -> str:
        query = urlencode(list(args.items(multi=True)))
        return "/kommunen" + ("?" + query if query else "")

    def toggle(self, key: str, label: str) -> str:
        args = MultiDict(self.args)
        values = args.getlist(key)
        kept = [v for v in values if v.casefold() != label.casefold()]
        args.setlist(key, kept if len(kept) < len(values) else values + [label])
        args.pop(PAGE, None)
        return self._with(args)

    def sort(self, key: str, current: str, descending: bool) -> str:
        args = MultiDict(self.args)
        args[SORT] = key
        args[DIRECTION] = "auf" if key == current and descending else ("ab" if key == current else "auf")
        args.pop(PAGE, None)
        return self._with(args)

    def page(self, number: int) -> str:
        args = MultiDict(self.args)
        args[PAGE] = str(number)
        return self._with(args)

    def without_search(self) -> str:
        args = MultiDict(self.args)
        args.pop(SEARCH, None)
        args.pop(PAGE, None)
        return self._with(args)

    def reset(self) -> str:
        return "/kommunen"

    def table(self, suffix: str = ".csv") -> str:
        """The whole selection (every page) as CSV or, with ``.json``, as JSON."""
        args = MultiDict(self.args)
        args.pop(PAGE, None)
        if suffix == ".json":
            args[PAGE] = ALL_PAGES
        query = urlencode(list(args.items(multi=True)))
        return "/kommunen" + suffix + ("?" + query if query else "")
