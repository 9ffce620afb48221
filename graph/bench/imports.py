"""Import speed: a generated workbook of N relations read, checked and written into a fresh store.

Prints rows per second for each step and the peak memory (the process's maximum resident set, which
includes everything loaded before). Not a test: numbers on a shared machine vary.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from ..imports.build import build
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
    """Generate, then time reading, building and the whole import; the report as text."""
    with tempfile.TemporaryDirectory(prefix="koopgraph-bench-import-") as folder:
        path = Path(folder) / "gross.xlsx"
        bench_workbook(path, relations)
        store = open_store(str(Path(folder) / "store"))
        try:
            rows = relations + 500
            started = time.perf_counter()
            sheets = read_sheets(path)
            read = time.perf_counter() - started
            started = time.perf_counter()
            build(store, sheets, "https://w3id.org/koopgraph/id/eigene/bench/")
            built_s = time.perf_counter() - started
            started = time.perf_counter()
            result = import_files(store, [path], name="bench")
            total = time.perf_counter() - started
        finally:
            store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return "\n".join([
        f"Import of {relations:,} relations + 500 actors ({path.name}, {result.triples:,} triples)",
        f"  read (calamine)        {read:7.1f} s   {rows / read:9,.0f} rows/s",
        f"  check and build        {built_s:7.1f} s   {rows / built_s:9,.0f} rows/s",
        f"  whole import           {total:7.1f} s   {rows / total:9,.0f} rows/s   (target >= 10,000 rows/s)",
        f"  peak memory (max RSS)  {peak:7.0f} MiB",
    ])
