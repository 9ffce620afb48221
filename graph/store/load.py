"""Parse and load RDF files into a store, all or nothing.

Every file is first parsed completely (pyoxigraph's streaming parser, which
reports line and column); only when all files of a batch parse is anything
written. An empty embedded store is loaded while the files are parsed, and
emptied again if one does not parse. A file's default-graph triples go into
its own named graph.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
from koopgraph.ontology import ontology_files
from rdflib import URIRef
from tqdm import tqdm

from ..errors import LoadError, ValidationFailed
from ..formats import RdfFormat, rdf_format_for
from .files import MAX_LINE_BYTES, refuse_dangerous, without_bom
from .terms import to_rdflib

GRAPH_BASE = "https://w3id.org/koopgraph/graph/"
BASE_LAYER_FOLDER = "gebiet"  # data/gebiet/: the official territorial base layer (issue 13)
STUDY_SLICE_FOLDER = "studie"  # data/gebiet/studie/: the base layer's statements about the study's places
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontologie")


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    graph: URIRef
    format: RdfFormat
    triples: int


def graph_for_file(path: Path) -> URIRef:
    """The named graph a file's default-graph triples go to: its file: IRI."""
    return URIRef(path.resolve().as_uri())


def check_file(path: Path, fmt: RdfFormat, graph: URIRef) -> LoadedFile:
    """Parse ``path`` completely; raise LoadError with line and column on bad syntax."""
    if not path.is_file():
        raise LoadError("no such file", file=str(path), hint="Check the path.")
    count = 0
    with without_bom(path) as raw, tqdm.wrapattr(raw, "read", total=path.stat().st_size, delay=2,
                                                disable=None, desc=f"checking {path.name}",
                                                unit="B", unit_scale=True) as stream:
        try:
            for _ in ox.parse(stream, format=fmt.ox_format, base_iri=path.resolve().as_uri()):
                count += 1
        except SyntaxError as e:
            line, column = (e.lineno, e.offset) if e.lineno else _xml_position(path, fmt)
            raise LoadError(f"not valid {fmt.name}: {_reason(e)}", file=str(path), line=line,
                            column=column, hint="Fix the file; nothing was loaded.") from e
        except (ValueError, UnicodeDecodeError) as e:
            raise LoadError(f"not valid {fmt.name}: {e}", file=str(path),
                            hint="Fix the file; nothing was loaded.") from e
    return LoadedFile(path, graph, fmt, count)


def _xml_position(path: Path, fmt: RdfFormat) -> tuple[int | None, int | None]:
    """Line and column of an XML well-formedness error (pyoxigraph's RDF/XML errors have none)."""
    if fmt.name != "rdfxml":
        return None, None
    parser = expat.ParserCreate()
    try:
        with open(path, "rb") as stream:
            parser.ParseFile(stream)
    except expat.ExpatError as e:
        return e.lineno, e.offset + 1
    return None, None


def _reason(error: SyntaxError) -> str:
    # pyoxigraph prefixes the position, which LoadError already shows.
    return error.msg.split(": ", 1)[1] if error.msg.startswith("Parser error") and ": " in error.msg \
        else error.msg


def load_files(store, paths, *, graph: str | None = None, fmt: str | None = None,
               max_line_bytes: int = MAX_LINE_BYTES) -> list[LoadedFile]:
    """Load RDF files into ``store``; a parse error in any file loads none of them.

    ``graph`` names the graph for default-graph triples (else each file's
    ``file:`` IRI); ``fmt`` overrides the format guessed from the extension;
    a line of N-Triples or N-Quads may be at most ``max_line_bytes`` long.
    RDF/XML that declares entities is refused (see :mod:`.files`).
    """
    plan = []
    for p in map(Path, paths):
        plan.append((p, rdf_format_for(p, fmt), URIRef(graph) if graph else graph_for_file(p)))
    return _load_all(store, plan, max_line_bytes)


# Up to this many triples a load is checked with the core profile (pySHACL: ~5 s for the study's
# 12,000 triples, minutes at 150,000 — a kill test of a 150,000-statement load then never caught the
# write); a larger batch is loaded with a note, unless --strict asks for the check anyway. The same
# bound as the spreadsheet import's safety net (graph/imports/run.py).
CORE_CHECK_UP_TO = 20_000


def load_checked(store, paths, *, graph: str | None = None, fmt: str | None = None,
                 strict: bool = False):
    """Load like :func:`load_files`, after checking the batch with the core profile together with what
    the store holds. Returns (loaded files, report or None if the batch was too large to check).

    With ``strict`` a violation refuses the whole batch (ValidationFailed, nothing written).
    """
    from ..validate import validate_addition  # pySHACL takes a second to import; only loads need it

    plan = [(p, rdf_format_for(p, fmt), URIRef(graph) if graph else graph_for_file(p)) for p in map(Path, paths)]
    for path, f, _ in plan:  # entity bombs and endless lines, before anything parses them
        refuse_dangerous(path, f)
    checked = [check_file(path, f, g) for path, f, g in plan]
    if sum(item.triples for item in checked) > CORE_CHECK_UP_TO and not strict:
        return _load_all(store, plan), None
    report = validate_addition(store, _batch_graph(checked))
    if strict and not report.conforms:
        first = report.violations[0].sentence()
        raise ValidationFailed(f"{len(report.violations)} Verstöße gegen das Kernprofil, z. B. {first}",
                               hint="Nichts wurde geladen; ohne --strict wird mit Warnungen geladen.")
    for item in checked:
        store.write_file(item.path, item.format, item.graph)
    return checked, report


def _batch_graph(checked: list[LoadedFile]):
    """The triples of a checked batch as one rdflib graph (graph names dropped: the core profile
    looks at statements, not at where they are kept)."""
    from rdflib import Graph

    from ..validate import quiet_literal_warnings

    batch = Graph()
    with quiet_literal_warnings():
        for item in checked:
            with without_bom(item.path) as raw:  # as the load itself reads it
                for q in ox.parse(raw, format=item.format.ox_format, base_iri=item.path.resolve().as_uri()):
                    batch.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return batch


def _load_all(store, plan, max_line_bytes: int = MAX_LINE_BYTES) -> list[LoadedFile]:
    for path, fmt, _ in plan:  # before anything is written, also on the fast path below
        refuse_dangerous(path, fmt, max_line_bytes)
    what = "koopgraph load of " + ", ".join(str(path) for path, _, _ in plan)
    if store.loads_while_checking and store.is_empty():
        with store.all_or_nothing(what):
            return _load_while_checking(store, plan)
    return _check_then_load(store, plan, what)


def _check_then_load(store, plan, what: str) -> list[LoadedFile]:
    checked = [check_file(path, fmt, graph) for path, fmt, graph in plan]
    with store.all_or_nothing(what):
        for item in checked:
            store.write_file(item.path, item.format, item.graph)
    return checked


def _load_while_checking(store, plan) -> list[LoadedFile]:
    """Into an empty embedded store: load while the files are checked in a second thread (the bulk
    loader lets go of the GIL); if either fails, the caller's ``all_or_nothing`` puts back the
    empty store.

    Measured at scale M (1.07M triples, 2 cores): 6.5 s instead of 8.2 s for check, then load.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        checking = pool.submit(lambda: [check_file(path, fmt, graph) for path, fmt, graph in plan])
        refused = None
        try:
            store.write_files((path, fmt, graph) for path, fmt, graph in plan if path.is_file())
        except (SyntaxError, ValueError, UnicodeDecodeError) as e:
            refused = e  # the check names file, line and column
        checked = checking.result()  # raises the check's LoadError first
    if refused is not None:
        raise LoadError(f"the store refused the data: {refused}", hint="Nothing was loaded.") from refused
    return checked


def _trig_files(folder) -> list[Path]:
    return [Path(str(f)) for f in sorted(folder.iterdir(), key=str) if f.name.endswith(".trig")]


def study_dataset_files(base_layer: bool = True) -> list[tuple[Path, URIRef | None]]:
    """The shipped dataset (data/*.trig), with ``base_layer`` the official territorial base layer
    (data/gebiet/*.trig; else only its slice about the study's places, data/gebiet/studie/*.trig),
    and the ontology (ontology/*.ttl, no shapes)."""
    data = resources.files("koopgraph.data")
    files = [(path, None) for path in _trig_files(data)]
    base = data / BASE_LAYER_FOLDER
    # without the base layer, its slice about the study's places: their hierarchy (Kreis, Land) and figures
    files += [(path, None) for path in _trig_files(base if base_layer else base / STUDY_SLICE_FOLDER)]
    files += [(path, ONTOLOGY_GRAPH) for path in ontology_files()]
    return files


def load_study_dataset(store, base_layer: bool = True) -> None:
    """Load the shipped study dataset, the base layer (unless ``base_layer`` is false) and the ontology,
    all or nothing.

    Into an empty embedded store (a new store's first start) the files are not parsed a second time
    alongside the bulk load to count them and name a bad line (``_load_while_checking``): they are
    koopgraph's own, checked by its tests; only if the store refuses one are they checked, to say
    where. Measured on a busy 2-core machine: 3.0 s of CPU instead of 3.5–4.5 s.
    """
    plan = [(path, rdf_format_for(path), graph or URIRef(GRAPH_BASE + "studie"))
            for path, graph in study_dataset_files(base_layer)]
    if not (store.loads_while_checking and store.is_empty()):
        _load_all(store, plan)
        return
    with store.all_or_nothing("koopgraph load of the shipped dataset"):
        try:
            store.write_files(plan)
        except (SyntaxError, ValueError, UnicodeDecodeError) as e:
            [check_file(path, fmt, graph) for path, fmt, graph in plan]  # raises LoadError naming line and column
            raise LoadError(f"the store refused the shipped dataset: {e}", hint="Nothing was loaded.") from e
