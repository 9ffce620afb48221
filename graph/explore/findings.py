"""The study's aggregate findings (kg:Befund), each beside what the graph itself counts.

A finding may carry a ``kg:graphCountQuery``: a SELECT with one variable ``?count`` that counts the
same thing in the graph. That text comes from a data file, so it runs through the safe query
entry point (:func:`koopgraph.graph.sparql.query.query`: no SERVICE, no FROM of graphs the store
lacks) with the usual PREFIX declarations (kg:, skos:, …); a query that is refused or malformed
is reported with the finding, not raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import URIRef
from rdflib.term import Node

from ..errors import KoopgraphError
from ..labels import LabelIndex, labels_of
from ..namespaces import sparql_prologue
from ..sparql.query import query

FINDINGS = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?finding ?value ?unit ?population ?size ?type ?section ?concept ?query ?note ?text ?parent WHERE {
  ?finding a kg:Befund ; kg:value ?value .
  OPTIONAL { ?finding kg:parentFinding ?parent FILTER(?parent != ?finding) }
  OPTIONAL { ?finding kg:unit ?unit }
  OPTIONAL { ?finding kg:basePopulation ?population OPTIONAL { ?population kg:size ?size } }
  OPTIONAL { ?finding kg:municipalityType ?type }
  OPTIONAL { ?finding kg:section ?section }
  OPTIONAL { ?finding kg:aboutConcept ?concept }
  OPTIONAL { ?finding kg:graphCountQuery ?query }
  OPTIONAL { ?finding kg:inconsistencyNote ?note }
  OPTIONAL { ?finding skos:definition|rdfs:comment ?text FILTER(LANG(?text) = "de" || LANG(?text) = "") }
}"""

PERCENT_UNIT = URIRef("https://w3id.org/koopgraph/id/konzept/einheit/prozent")


@dataclass
class GraphCount:
    count: int | None = None
    error: str | None = None


@dataclass
class Finding:
    iri: URIRef
    label: str
    text: str | None
    value: Decimal
    unit: URIRef | None
    population: URIRef | None
    size: int | None
    type: URIRef | None
    section: str
    concepts: list[URIRef] = field(default_factory=list)
    note: str | None = None
    query: str | None = None
    graph: GraphCount | None = None
    part_of: URIRef | None = None   # the finding this one is a "davon" part (or a split by type) of

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT_UNIT

    @property
    def graph_value(self) -> Decimal | None:
        """The graph's count in the finding's unit (a percentage of the population for % findings)."""
        if self.graph is None or self.graph.count is None:
            return None
        if self.is_percent:
            return round(Decimal(100 * self.graph.count) / self.size, 1) if self.size else None
        return Decimal(self.graph.count)

    @property
    def agrees(self) -> bool | None:
        """Whether study and graph give the same figure (percentages within half a point)."""
        mine = self.graph_value
        if mine is None:
            return None
        return abs(mine - self.value) <= Decimal("0.5") if self.is_percent else mine == self.value


def findings(store, *, count: bool = True) -> tuple[list[Finding], LabelIndex]:
    """Every finding, sorted by section; with the graph's own counts when ``count``."""
    found: dict[URIRef, Finding] = {}
    for row in store.query(FINDINGS):
        item = found.get(row.finding)
        if item is None:
            item = found[row.finding] = Finding(
                row.finding, "", _text(row.text), Decimal(str(row.value)), row.unit, row.population,
                int(row.size) if row.size is not None else None, row.type, str(row.section or ""),
                note=_text(row.note), query=_text(row.query), part_of=row.parent)
        if row.concept is not None and row.concept not in item.concepts:
            item.concepts.append(row.concept)
    labels = labels_of(store, [t for f in found.values()
                               for t in (f.iri, f.unit, f.population, f.type, *f.concepts) if t is not None])
    for item in found.values():
        item.label = labels(item.iri)
        if count and item.query:
            item.graph = graph_count(store, item.query)
    return sorted(found.values(), key=lambda f: (section_key(f.section), f.label)), labels


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


def graph_count(store, sparql: str) -> GraphCount:
    """Run a finding's count query safely; a refused or malformed query is reported, not raised."""
    try:
        result = query(store, sparql_prologue() + sparql)
        rows = list(result)
    except KoopgraphError as e:
        return GraphCount(error=str(e))
    if result.type != "SELECT" or len(rows) != 1 or len(rows[0]) != 1 or rows[0][0] is None:
        return GraphCount(error="the count query must give exactly one row with one ?count")
    try:
        return GraphCount(count=int(rows[0][0].toPython()))
    except (TypeError, ValueError):
        return GraphCount(error=f"?count is not a number: {rows[0][0]}")


def section_key(section: str) -> tuple:
    """Sort key for "§4.1.1.3" (numerically) before "Anhang I" and unnumbered text.

    >>> sorted(["§4.10", "§4.2", "Anhang I", "§4.1.1.3"], key=section_key)
    ['§4.1.1.3', '§4.2', '§4.10', 'Anhang I']
    """
    numbers = re.match(r"§\s*(\d+(?:\.\d+)*)", section)
    if numbers:
        return (0, tuple(int(n) for n in numbers.group(1).split(".")), section)
    return (1, (), section)
