"""Time on /netzwerk: the network as it stood on a day ("Stand am"), and what changed up to a second day.

A browsing edge derived from dated relations (kg:startDate / kg:endDate, a day, month or year) holds
on a day when one of them does; an edge without dated sources (the study's, memberships) holds on
every day — an unknown start counts as already running, a missing end as still running
(ontology/zeit.ttl). Periods are compared by their lexical forms: a month or year covers its whole
period (ontology/README.md, "Time").
"""

from __future__ import annotations

from dataclasses import replace

from .view import View

# the dated relations each derived edge comes from, with their periods
DATED_SOURCES = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?p ?o ?source ?start ?end WHERE {
  ?source kg:startDate|kg:endDate ?anyDate .
  ?source kg:cooperationKind/skos:broader* ?kind .
  ?p kg:derivedFromKind ?kind ; kg:edgeSubjectRole ?sr ; kg:edgeObjectRole ?or .
  ?source ?sr ?s ; ?or ?o .
  OPTIONAL { ?source kg:startDate ?start }
  OPTIONAL { ?source kg:endDate ?end }
}"""
LOOKS = {"begonnen": "#2e7d32", "geendet": "#c62828", "geblieben": "#9e9e9e"}


def holds_on(start: str | None, end: str | None, day: str) -> bool:
    """Does a period hold on ``day`` (ISO)? A month or year covers its whole period.

    >>> holds_on("2019", "2021-06", "2021-06-30"), holds_on("2019", "2021-06", "2021-07-01"), holds_on(None, None, "1900-01-01")
    (True, False, True)
    """
    return (start is None or start <= day[:len(start)]) and (end is None or day[:len(end)] <= end)


def edge_periods(store) -> dict[str, list[tuple]]:
    """Edge key (s|p|o) → the periods of the dated relations it comes from."""
    periods: dict[str, set] = {}
    for row in store.query(DATED_SOURCES):
        key = f"{row.s}|{row.p}|{row.o}"
        periods.setdefault(key, set()).add((row.source, _text(row.start), _text(row.end)))
    return {key: [(start, end) for _, start, end in found] for key, found in periods.items()}


def _text(value) -> str | None:
    return None if value is None else str(value)


def edge_holds(key: str, periods: dict, day: str) -> bool:
    found = periods.get(key)
    return found is None or any(holds_on(start, end, day) for start, end in found)


def on_day(view: View, periods: dict, day: str) -> View:
    """The part of ``view`` that held on ``day``: its edges and the nodes they link (nodes without any
    edge in the view stay, as in the undated view)."""
    edges = [e for e in view.edges if edge_holds(e.key, periods, day)]
    linked = {e.source for e in view.edges} | {e.target for e in view.edges}
    keep = {e.source for e in edges} | {e.target for e in edges} | (set(view.nodes) - linked)
    return replace(view, nodes={iri: n for iri, n in view.nodes.items() if iri in keep}, edges=edges)


def compare_days(view: View, periods: dict, first: str, second: str) -> tuple[View, dict[str, str]]:
    """The edges that held on either day, and for each edge key its look: begonnen (only on the second
    day), geendet (only on the first) or geblieben (on both)."""
    looks = {}
    for edge in view.edges:
        then, now = edge_holds(edge.key, periods, first), edge_holds(edge.key, periods, second)
        if then or now:
            looks[edge.key] = "geblieben" if then and now else ("begonnen" if now else "geendet")
    edges = [e for e in view.edges if e.key in looks]
    linked = {e.source for e in view.edges} | {e.target for e in view.edges}
    keep = {e.source for e in edges} | {e.target for e in edges} | (set(view.nodes) - linked)
    return replace(view, nodes={iri: n for iri, n in view.nodes.items() if iri in keep}, edges=edges), looks


def look_counts(looks: dict[str, str]) -> dict[str, int]:
    return {look: sum(1 for v in looks.values() if v == look) for look in LOOKS}
