"""An imported graph back into the template's workbook: each actor and relation in the row it came from.

Own actors are named by their ID (the last part of their IRI), everything else by its IRI, codes by
their German labels and dates in the form they were given (2021-03-15, 2021-03, 2021), so importing
the exported workbook gives the same triples (tests/test_import.py checks it).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from ..errors import NotFound
from ..namespaces import KG
from .diff import graph_triples
from .relations import INFLUENCE
from .run import OWN_GRAPHS, graph_for
from .template import write_template
from .vocabulary import LIST_SEPARATOR, code_lists

ROLES_FROM = (KG.fromParty, KG.supportingParty)
ROLES_TO = (KG.counterparty, KG.supportedParty)


def export_template(store, name: str, path: Path) -> tuple[int, int]:
    """Write the import graph ``name`` (or its IRI) as a filled template; (actors, relations) written."""
    graph = URIRef(name) if name.startswith(OWN_GRAPHS) else graph_for(name)
    triples = graph_triples(store, graph)
    if not triples:
        raise NotFound(f"es gibt keinen Graphen eigener Daten <{graph}>", hint="`koopgraph stats` zeigt die Graphen.")
    facts: dict = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        facts[s][p].append(o)
    own_ids = {s: str(s).rsplit("/", 1)[-1] for s, f in facts.items() if _sheet(f) == "Akteure"}
    actors = {_row(f): [own_ids[s], *_actor_cells(f, own_ids)] for s, f in facts.items() if _sheet(f) == "Akteure"}
    relations = {_row(f): _relation_cells(f, own_ids) for s, f in facts.items() if _sheet(f) == "Beziehungen"}
    write_template(path, actors, relations)
    return len(actors), len(relations)


def _sheet(f) -> str | None:
    return str(f[KG.sourceSheet][0]) if f.get(KG.sourceSheet) else None


def _row(f) -> int:
    return int(f[KG.sourceRow][0])


def _one(f, prop):
    return f[prop][0] if f.get(prop) else None


def _label(codes: str, iri) -> str:
    return code_lists()[codes].label_of(iri) if iri is not None else ""


def _name(iri, own_ids: dict) -> str:
    return "" if iri is None else own_ids.get(iri, str(iri))


def _text(value) -> str:
    return "" if value is None else str(value)


def _actor_cells(f, own_ids: dict) -> list:
    """Name, Art, Ort oder AGS, Ebene, Website, Notiz (the ID comes from the IRI)."""
    return [_text(_one(f, RDFS.label)), _label("akteursart", _one(f, RDF.type)),
            _name(_one(f, KG.locatedIn), own_ids), _label("ebene", _one(f, KG.level)),
            _text(_one(f, KG.website)), _text(_one(f, RDFS.comment))]


def _relation_cells(f, own_ids: dict) -> list:
    von = next((f[r][0] for r in ROLES_FROM if f.get(r)), None)
    an = next((f[r][0] for r in ROLES_TO if f.get(r)), None)
    kind = _one(f, KG.cooperationKind)
    tasks = LIST_SEPARATOR.join(sorted((_label("aufgabe", t) for t in f.get(KG.task, [])), key=str.casefold))
    return [_name(von, own_ids), _name(an, own_ids), _label("kooperationsart", kind), tasks,
            _label("einflusskanal", _one(f, KG.channel)) if kind == INFLUENCE else "",
            _label("zielebene", _one(f, KG.targetLevel)) if kind == INFLUENCE else "",
            _text(_one(f, KG.startDate)), _text(_one(f, KG.endDate)), _text(_one(f, KG.evidence)),
            _text(_one(f, RDFS.comment))]
