"""What an import changes against the graph it replaces: new, changed and removed actors and relations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from . import relations, rows

# the builder's own term objects: a dictionary finds them by identity, without rdflib's (Python) ==
SOURCE_SHEET, SOURCE_ROW, LABEL = rows.SOURCE_SHEET, rows.SOURCE_ROW, relations.LABEL
_KEPT = {SOURCE_SHEET: SOURCE_SHEET, SOURCE_ROW: SOURCE_ROW, LABEL: LABEL}
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


def _records(triples: set, with_facts: bool = True) -> dict:
    """Subject → (kind, label, its own facts) for the actors and relations among ``triples``
    (the derived edges and the provenance do not count as changes of their own); without
    ``with_facts`` the facts are left empty (an import into a new graph compares with nothing).

    Predicates are matched by dictionary lookup: rdflib's ``==`` is Python code, and 500,000
    comparisons took seconds."""
    sheets, labels, facts = {}, {}, defaultdict(set)
    for s, p, o in triples:
        kept = _KEPT.get(p)
        if kept is SOURCE_SHEET:
            sheets[s] = str(o)
        elif kept is LABEL:
            labels.setdefault(s, str(o))
        if with_facts and kept is not SOURCE_ROW:
            facts[s].add((p, o))
    return {subject: (sheet, labels.get(subject, str(subject)), frozenset(facts[subject]) if with_facts else _NONE)
            for subject, sheet in sheets.items() if sheet in ("Akteure", "Beziehungen")}


_NONE = frozenset()


def _by_iri(record) -> str:
    """Sort key: the subject IRI as text (the order of rdflib's ``<``, without its Python comparisons)."""
    return str(record[0])


def difference(old: set, new: set, built: dict | None = None) -> Difference:
    """What ``new`` changes against ``old``; ``built`` (subject -> (sheet, label), from the builder) stands
    for the records of ``new`` when ``old`` is empty: a new graph is compared with nothing, and reading
    its 500,000 triples for the subjects and labels the builder knew took 0.3-0.4 s."""
    before = _records(old)
    if built is not None and not before:
        after = {subject: (sheet, label, _NONE) for subject, (sheet, label) in built.items()}
    else:
        after = _records(new, with_facts=bool(before))
    out = Difference()
    for subject, (kind, label, facts) in sorted(after.items(), key=_by_iri):
        if subject not in before:
            out.new[kind].append((subject, label))
        elif before[subject][2] != facts:
            out.changed[kind].append((subject, label))
    for subject, (kind, label, _) in sorted(before.items(), key=_by_iri):
        if subject not in after:
            out.removed[kind].append((subject, label))
    return out
