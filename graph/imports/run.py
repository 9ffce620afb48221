"""``koopgraph import``: read the files, build, check, compare with the graph it replaces, write in one step.

Every import is its own named graph ``graph/eigene/<name>`` holding the data and its provenance (PROV:
file names, SHA-256, time, rows, who, template version). Importing into an existing graph needs
``replace`` and swaps the whole graph in one SPARQL update (one transaction in Oxigraph): a reader
sees the old graph or the new, never a mix, and a process killed midway leaves the old one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..collector import collector_paused
from ..errors import ImportFailed
from ..namespaces import GRAPH, ID, KG
from .anonymity import DEFAULT_K, exposed_cases, exposure_problem
from .build import build
from .diff import Difference, difference, graph_triples
from .ntriples import ntriple_blocks, ntriple_lines
from .problems import CellProblem
from .rows import slug
from .sheets import read_sheets
from .vocabulary import TEMPLATE_VERSION

PROV = "http://www.w3.org/ns/prov#"
# pySHACL's core profile over an import's triples (a safety net: every rule it checks was checked cell
# by cell) only up to this size: 50,000 relations (~700,000 triples) ran over 20 minutes.
CORE_CHECK_UP_TO = 20_000
OWN_GRAPHS = str(GRAPH) + "eigene/"


@dataclass
class ImportResult:
    graph: URIRef
    rows: int
    actors: int
    relations: int
    triples: int
    difference: Difference
    written: bool
    replaced: bool = False
    findings: list = field(default_factory=list)   # core-profile warnings (none block an import)
    anonymity: "Anonymity | None" = None             # with anonymised: the check of the case records


@dataclass
class Anonymity:
    """The anonymity check of an import: cases checked, k, and the cases fewer than k places share."""

    cases: int
    k: int
    exposures: list


def graph_for(name: str) -> URIRef:
    """The named graph of an import called ``name`` (a slug of it)."""
    return URIRef(OWN_GRAPHS + slug(name))


@collector_paused()   # ~1.5 million terms and triples alive at 50,000 rows: the build 2.45 -> 1.33 s
def import_files(store, paths, *, name: str | None = None, replace: bool = False, dry_run: bool = False,
                 by: str | None = None, now: dt.datetime | None = None, anonymised: bool = False,
                 k: int = DEFAULT_K, strict: bool = False) -> ImportResult:
    """Import spreadsheets into the graph ``name`` (default: the first file's name); ImportFailed with
    every problem if anything is wrong, and then nothing is written.

    ``anonymised``: check every case record (Art »Fall«) against the official places (fewer than ``k``
    sharing its facts is reported); with ``strict`` such a case refuses the import (ImportFailed).
    """
    paths = [Path(p) for p in paths]
    sheets = _read_all(paths)
    graph = graph_for(name or paths[0].stem)
    exists = str(graph) in store.graph_names()   # not graph_sizes(): that counts every triple of the store
    if exists and not replace:
        raise ImportFailed([CellProblem(paths[0].name, None, None, None, str(graph),
                                        "einen neuen Namen für den Graphen", "mit --replace wird er ersetzt")])
    built = build(store, sheets, f"{ID}eigene/{graph[len(OWN_GRAPHS):]}/")
    if built.problems:
        raise ImportFailed(built.problems)
    anonymity = _anonymity(store, built, paths, k, strict) if anonymised else None
    triples = built.triples | provenance(graph, paths, built.rows, by, now)
    old = graph_triples(store, graph) if exists else set()
    result = ImportResult(graph, built.rows, len(built.actors), len(built.relations), len(triples),
                          difference(old, triples, built.records), written=False, replaced=exists, anonymity=anonymity)
    if len(triples) <= CORE_CHECK_UP_TO:
        result.findings = core_findings(store, built)
    if not dry_run:
        write_graph(store, graph, triples, old)
        result.written = True
    return result


def _anonymity(store, built, paths: list[Path], k: int, strict: bool) -> Anonymity:
    """The anonymity check of the built import; with ``strict`` an exposed case refuses it."""
    cases, exposures = exposed_cases(store, built.triples, k)
    if strict and exposures:
        raise ImportFailed([exposure_problem(e, paths[0].name, k) for e in exposures],
                           hint="Nichts wurde geschrieben (--strict: Anonymität zuerst).")
    return Anonymity(cases, k, exposures)


def preview_import(store, paths, **options) -> tuple[ImportResult | None, list]:
    """A dry run for pages: (the result, []) or (None, every problem) — the browser shows either."""
    try:
        return import_files(store, paths, dry_run=True, **options), []
    except ImportFailed as e:
        return None, e.problems


def _read_all(paths: list[Path]):
    sheets, problems = [], []
    for path in paths:
        try:
            sheets += read_sheets(path)
        except ImportFailed as e:
            problems += e.problems
    if problems:
        raise ImportFailed(problems)
    return sheets


def provenance(graph: URIRef, paths: list[Path], rows: int, by: str | None, now: dt.datetime | None) -> set:
    """The import's PROV description, kept in its own graph."""
    activity = URIRef(f"{graph}#import")
    when = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    names = ", ".join(p.name for p in paths)
    out = {(graph, RDF.type, KG.EigeneDaten), (graph, RDFS.label, Literal(f"Eigene Daten: {names}", lang="de")),
           (graph, URIRef(PROV + "wasGeneratedBy"), activity), (activity, RDF.type, KG.Import),
           (activity, URIRef(PROV + "endedAtTime"), Literal(when.isoformat(), datatype=XSD.dateTime)),
           (activity, KG.rowCount, Literal(rows)), (activity, KG.templateVersion, Literal(TEMPLATE_VERSION))}
    for path in paths:
        digest = file_digest(path)
        file_node = URIRef(f"urn:sha256:{digest}")
        out |= {(activity, URIRef(PROV + "used"), file_node), (file_node, RDF.type, URIRef(PROV + "Entity")),
                (file_node, KG.fileName, Literal(path.name)), (file_node, KG.sha256, Literal(digest, datatype=XSD.hexBinary))}
    if by:
        agent = URIRef(f"{graph}#wer")
        out |= {(activity, URIRef(PROV + "wasAssociatedWith"), agent), (agent, RDF.type, URIRef(PROV + "Agent")),
                (agent, RDFS.label, Literal(by))}
    return out


def file_digest(path: Path) -> str:
    """SHA-256 of a file, or of the CSV files of a folder in name order."""
    digest = hashlib.sha256()
    for part in sorted(path.iterdir()) if path.is_dir() else [path]:
        if part.is_file():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def core_findings(store, built) -> list:
    """The core profile over the import with the store's context (the rows already passed the same
    rules cell by cell, so a finding here is a warning about the store, never a refusal)."""
    from rdflib import Graph

    from ..validate import validate_addition
    addition = Graph()
    for triple in built.triples:
        addition.add(triple)
    return validate_addition(store, addition).findings


# one update = one transaction in Oxigraph: what changed is swapped whole or not at all
SWAP = "DELETE DATA {{ GRAPH {graph} {{\n{removed}\n}} }} ;\nINSERT DATA {{ GRAPH {graph} {{\n{added}\n}} }}"


def write_graph(store, graph: URIRef, triples: set, old: set) -> None:
    """Write the import's graph all or nothing: a new graph as N-Triples blocks for the bulk loader, each
    loaded while the next is written (Oxigraph: under its load journal); a replaced one with one update
    that deletes what went and inserts what came (a re-import usually changes little)."""
    if not old:
        store.add_graph(ntriple_blocks(triples), graph)
        return
    removed, added = old - triples, triples - old
    store.update(SWAP.format(graph=graph.n3(), removed=_data(removed), added=_data(added)))


def _data(triples: set) -> str:
    return "".join(ntriple_lines(triples))
