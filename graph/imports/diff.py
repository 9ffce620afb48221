"""What an import changes against the graph it replaces: new, changed and removed actors and relations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDFS

from ..namespaces import KG

SOURCE_SHEET, SOURCE_ROW, LABEL = KG.sourceSheet, KG.sourceRow, RDFS.label   # looked up once, not per triple
# bound: ?g
GRAPH_TRIPLES = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass
class Difference:
    """Per kind ("Akteure", "Beziehungen"): lists of (IRI, label)."""

    new: dict = field(default_factory=lambda: {"Akteure": [], "Beziehungen": []})
    changed: dict = field(default_factory=lambda: {"Akteure": [], "Beziehungen": []})
    removed: dict = field(default_factory=lambda: {"Akteure": [], "Beziehungen": []})

    def counts(self) -> dict:
        return {look: {kind: len(items) for kind, items in getattr(self, look).items()}
                for look in ("new", "changed", "removed")}

    def summary(self) -> str:
        """One line in German, e.g. "Akteure: 2 neu, 1 geändert, 0 entfernt; Beziehungen: …"."""
        c = self.counts()
        return "; ".join(f"{kind}: {c['new'][kind]} neu, {c['changed'][kind]} geändert, {c['removed'][kind]} entfernt"
                         for kind in ("Akteure", "Beziehungen"))


def graph_triples(store, graph: URIRef) -> set:
    return {(row.s, row.p, row.o) for row in store.query(GRAPH_TRIPLES, {"g": graph})}


def _records(triples: set) -> dict:
    """Subject → (kind, label, its own facts) for the actors and relations among ``triples``
    (the derived edges and the provenance do not count as changes of their own)."""
    facts: dict = defaultdict(set)
    for s, p, o in triples:
        facts[s].add((p, o))
    records = {}
    for subject, own in facts.items():
        sheet = next((str(o) for p, o in own if p == SOURCE_SHEET), None)
        if sheet in ("Akteure", "Beziehungen"):
            label = next((str(o) for p, o in own if p == LABEL), str(subject))
            records[subject] = (sheet, label, frozenset((p, o) for p, o in own if p != SOURCE_ROW))
    return records


def difference(old: set, new: set) -> Difference:
    before, after = _records(old), _records(new)
    out = Difference()
    for subject, (kind, label, facts) in sorted(after.items()):
        if subject not in before:
            out.new[kind].append((subject, label))
        elif before[subject][2] != facts:
            out.changed[kind].append((subject, label))
    for subject, (kind, label, _) in sorted(before.items()):
        if subject not in after:
            out.removed[kind].append((subject, label))
    return out
