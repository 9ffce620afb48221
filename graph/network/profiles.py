"""County profiles: for each Landkreis its members, tasks, exchange formats and density.

The cooperation network of a county is the county-municipality and
inter-municipal edges among the Landkreis and its kreisangehörige Kommunen;
its density is networkx's (edges / possible pairs). Tasks are counted per
relation; exchange formats are the relations whose kind is an exchange
(``kooperationsart/austausch`` or narrower) or that name the task
``aufgabe/austauschformat``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from rdflib import URIRef

from ..bind import with_value_lists
from ..labels import local_name
from ..namespaces import ID, sparql_prologue
from .projection import NetworkData

COOPERATION_GROUPS = ("county-municipality", "inter-municipal")
EXCHANGE_TASK = str(ID["konzept/aufgabe/austauschformat"])
EXCHANGE_KINDS = sparql_prologue() + """
# The kind 'austausch' and every narrower kind.
SELECT ?kind WHERE { ?kind skos:broader* <https://w3id.org/koopgraph/id/konzept/kooperationsart/austausch> }
"""
CONCEPT_LABELS = sparql_prologue() + """
# German (or language-less) labels of concepts, for tasks and kinds.
SELECT ?concept ?label WHERE {
  ?concept skos:prefLabel|rdfs:label ?label . FILTER(LANG(?label) IN ("de", ""))
}
"""


@dataclass
class CountyProfile:
    county: str
    label: str
    land: str | None
    land_label: str | None
    members: list[dict] = field(default_factory=list)
    tasks: dict[str, int] = field(default_factory=dict)
    exchange_formats: list[dict] = field(default_factory=list)
    relations: int = 0
    edges: int = 0
    density: float = 0.0

    @property
    def reported(self) -> bool:
        """Does the data report anything about cooperation in this county? For the study's named
        counties it does not: its cooperations belong to anonymised cases."""
        return bool(self.tasks or self.exchange_formats or self.relations)

    def as_dict(self) -> dict:
        return {**asdict(self), "reported": self.reported}


def county_profiles(store, data: NetworkData | None = None) -> list[CountyProfile]:
    """One profile per Landkreis in the store, ordered by label.

    ``data``: the store's :class:`~koopgraph.graph.network.projection.NetworkData` if already read.
    """
    data = data or NetworkData.read(store)
    context = data.context
    members: dict[str, list[str]] = {}
    for node in context.facts:
        kind = context.kind(node)
        if kind == "landkreis":
            members.setdefault(node, [])
        elif kind == "kommune" and context.iri(node, "county"):
            members.setdefault(context.iri(node, "county"), []).append(node)
    records = [r for r in data.records if r.group in COOPERATION_GROUPS]
    labels = concept_labels(store, {URIRef(c) for r in records for c in (r.kind, r.task) if c})
    exchange_kinds = {str(row.kind) for row in store.query(EXCHANGE_KINDS)}
    profiles = [county_profile(county, sorted(nodes), context, records, labels, exchange_kinds)
                for county, nodes in members.items() if context.kind(county) == "landkreis"]
    return sorted(profiles, key=lambda p: (p.label, p.county))


def county_profile(county, members, context, records, labels, exchange_kinds) -> CountyProfile:
    import networkx as nx

    inside = {county, *members}
    mine = [r for r in records if r.s in inside and r.o in inside]
    network = nx.Graph()
    network.add_nodes_from(inside)
    network.add_edges_from((r.s, r.o) for r in mine)
    land = context.iri(county, "land")
    profile = CountyProfile(county, context.label(county), land, context.label(land) if land else None)
    profile.members = sorted(({"node": m, "label": context.label(m), "type": _local_name(context.most_specific_type(m))}
                              for m in members), key=lambda m: (m["label"], m["node"]))
    task_pairs = {(r.relation, r.task) for r in mine if r.relation and r.task}
    profile.tasks = dict(sorted(Counter(labels.get(t, t) for _, t in task_pairs).items()))
    profile.exchange_formats = exchange_formats(mine, labels, exchange_kinds, context)
    profile.relations = len({r.relation or (r.s, r.p, r.o) for r in mine})
    profile.edges = network.number_of_edges()
    profile.density = nx.density(network)
    return profile


def exchange_formats(records, labels, exchange_kinds, context) -> list[dict]:
    """The exchange relations among a county's nodes, one entry per relation."""
    found: dict[str, dict] = {}
    for r in records:
        if r.relation and (r.kind in exchange_kinds or r.task == EXCHANGE_TASK):
            found.setdefault(r.relation, {"relation": r.relation, "kind": labels.get(r.kind, r.kind),
                                          "between": sorted([context.label(r.s), context.label(r.o)]),
                                          "source": r.source})
    return [found[k] for k in sorted(found)]


def concept_labels(store, concepts) -> dict[str, str]:
    """concept IRI -> a German label (the smallest, for a stable choice), of ``concepts`` (the kinds and
    tasks the records name: all ~25,000 labels with the base layer cost the first profiles ~3 s)."""
    labels: dict[str, str] = {}
    for concept, label in store.query(with_value_lists(CONCEPT_LABELS, {"concept": sorted(concepts)})):
        key = str(concept)
        labels[key] = min(labels.get(key, str(label)), str(label))
    return labels


def _local_name(iri: str | None) -> str | None:
    return local_name(iri) if iri else None
