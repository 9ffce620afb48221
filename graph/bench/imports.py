"""Import speed: a generated workbook of N relations read, checked and written into a fresh store, beside
the floor: Oxigraph's bulk load of the same N-Triples alone into a copy of that store.

Prints rows per second for each step and the peak memory (the process's maximum resident set, which
includes everything loaded before). Not a test: numbers on a shared machine vary.
"""

from __future__ import annotations

import io
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from ..collector import collector_paused
from ..formats import format_by_name
from ..imports.build import build
from ..imports.ntriples import BLOCK_BYTES
from ..imports.run import import_files
from ..imports.sheets import read_sheets
from ..imports.template import write_template
from ..store import open_store

KINDS = ["Austausch im Landkreis", "Zusammenarbeit mit Akteuren vor Ort (Scaling-out)", "Kooperation im Landkreis"]


def bench_workbook(path: Path, relations: int, actors: int = 500) -> None:
    """A template with ``actors`` own actors around Aulendorf and ``relations`` dated relations among them."""
    actor_rows = {i + 2: [f"A{i}", f"Akteur {i}", "Verein", "Aulendorf", "Gemeinde", "", ""] for i in range(actors)}
    relation_rows = {i + 2: [f"A{i % actors}", f"A{(i * 7 + 1) % actors}", KINDS[i % 3], "", "", "",
                             f"{2010 + i % 10}-{1 + i % 12:02d}", f"{2021 + i % 3}", "", f"Zeile {i}"]
                     for i in range(relations)}
    write_template(path, actor_rows, relation_rows)


def bench_import(relations: int = 50_000) -> str:
    """Generate, then time reading, building, the whole import and (the floor) Oxigraph's bulk load of the
    same N-Triples alone into a copy of the same fresh store; the report as text."""
    with tempfile.TemporaryDirectory(prefix="koopgraph-bench-import-") as folder:
        path = Path(folder) / "gross.xlsx"
        bench_workbook(path, relations)
        open_store(str(Path(folder) / "store")).close()   # the study and the base layer, then a copy of it
        shutil.copytree(Path(folder) / "store", Path(folder) / "floor")
        store = open_store(str(Path(folder) / "store"))
        try:
            with collector_paused():   # as the import reads and builds (graph/imports/run.py)
                sheets, read = _timed(read_sheets, path)
                _, built = _timed(build, store, sheets, "https://w3id.org/koopgraph/id/eigene/bench/")
            result, whole = _timed(import_files, store, [path], name="bench")
            written = io.BytesIO()
            store.dump(written, format_by_name("nt"), result.graph)
        finally:
            store.close()
        _, floor = _timed(_bulk_load_alone, Path(folder) / "floor", written.getvalue(), result.graph)
    return _report(relations, result.triples, path.name, read, built, whole, floor)


def _bulk_load_alone(store_path: Path, ntriples: bytes, graph) -> None:
    """pyoxigraph's bulk load of ``ntriples`` in the import's blocks, nothing else: no journal, no checks."""
    store = ox.Store(str(store_path))
    target = ox.NamedNode(str(graph))
    start = 0
    while start < len(ntriples):
        cut = ntriples.find(b"\n", start + BLOCK_BYTES)
        end = len(ntriples) if cut < 0 else cut + 1
        store.bulk_load(ntriples[start:end], format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        start = end
    store.flush()


def _report(relations: int, triples: int, name: str, read, built, whole, floor) -> str:
    rows = relations + 500
    rest = (whole[0] - read[0] - built[0], whole[1] - read[1] - built[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def line(label: str, took: tuple[float, float], target: str = "") -> str:
        return f"  {label:31s} {took[0]:7.1f} s {took[1]:7.1f} s   {rows / took[0]:9,.0f} rows/s{target}"
    return "\n".join([
        f"Import of {relations:,} relations + 500 actors ({name}, {triples:,} triples)",
        f"  {'':31s} {'wall':>9s} {'CPU':>9s}   (CPU: all threads of this process; the machine is shared)",
        line("read (calamine)", read),
        line("check and build", built),
        line("difference, write (the rest)", rest),
        line("whole import", whole, "   (target >= 10,000 rows/s)"),
        line("floor: Oxigraph bulk load alone", floor, "   (the same N-Triples, a copy of the same store)"),
        f"  whole import / bulk load alone  {whole[0] / floor[0]:7.2f} x wall {whole[1] / floor[1]:7.2f} x CPU",
        f"  peak memory (max RSS)           {peak:7.0f} MiB",
    ])


def _timed(step, *args, **options):
    """(what ``step`` returns, (wall seconds, CPU seconds of the process))."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = step(*args, **options)
    return out, (time.perf_counter() - wall, time.process_time() - cpu)
