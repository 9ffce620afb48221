"""How an import writes a new graph into the embedded store: bulk-loaded under the load journal, so a
failure or a kill -9 leaves the store as it was or the whole graph; equal rows get numbered relations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import dump
from processes import run_or_kill
from koopgraph.graph.errors import StoreError
from koopgraph.graph.imports.diff import graph_triples
from koopgraph.graph.imports.run import graph_for, import_files
from koopgraph.graph.imports.template import write_template
from koopgraph.graph.namespaces import KG
from koopgraph.graph.store import open_store
from rdflib.namespace import RDFS

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data" / "beispiele" / "partner-ravensburg-erfunden.xlsx"


@pytest.fixture
def store(shipped_store_dir):
    handle = open_store(shipped_store_dir)
    yield handle
    handle.close()


def workbook(path: Path, actors: int, relations: list[list]) -> Path:
    actor_rows = {i + 2: [f"A{i}", f"Akteur {i}", "Verein", "Aulendorf", "", "", ""] for i in range(actors)}
    write_template(path, actor_rows, {n: row for n, row in enumerate(relations, start=2)})
    return path


class FailingSecondBlock:
    """The real store, except that the bulk loader fails on its second block (a full disk, say)."""

    def __init__(self, real):
        self.real, self.blocks = real, 0

    def bulk_load(self, *args, **options):
        self.blocks += 1
        if self.blocks == 2:
            self.real = None   # the traceback keeps this frame: it must not keep the store open too
            raise OSError("No space left on device")
        return self.real.bulk_load(*args, **options)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_write_that_fails_midway_leaves_the_store_as_it_was(store, monkeypatch):
    monkeypatch.setattr("koopgraph.graph.imports.ntriples.BLOCK_BYTES", 2_000)   # several blocks
    before = dump(store)
    store.ox = FailingSecondBlock(store.ox)
    with pytest.raises(StoreError, match="nothing of it was written"):
        import_files(store, [EXAMPLE], name="voll")
    assert store.ox is not None and not isinstance(store.ox, FailingSecondBlock)   # put back, opened anew
    assert dump(store) == before
    import_files(store, [EXAMPLE], name="voll")                                     # and it works again
    assert len([1 for _, p, _ in graph_triples(store, graph_for("voll")) if p == KG.cooperationKind]) == 15


def test_a_new_import_killed_midway_leaves_no_graph_or_the_whole_one(tmp_path, shipped_store_dir):
    """kill -9 at several moments of an import into a new graph: none of it, or all of it."""
    relations = [[f"A{i % 200}", f"A{(i * 7 + 1) % 200}", "Austausch im Landkreis", "", "", "", "2019", "", "", str(i)]
                 for i in range(4000)]
    big = workbook(tmp_path / "gross.xlsx", 200, relations)
    handle = open_store(shipped_store_dir)
    sizes = handle.graph_sizes()
    handle.close()
    outcomes = set()
    for number, delay in enumerate((1.0, 3.0, 5.0, 8.0, None)):
        name = f"neu{number}"   # each run its own new graph
        command = [sys.executable, "-m", "koopgraph.web.cli", "import", "--store", shipped_store_dir,
                   "--graph", name, str(big)]
        run_or_kill(command, delay)
        handle = open_store(shipped_store_dir)
        now = graph_triples(handle, graph_for(name))
        others = {g: n for g, n in handle.graph_sizes().items() if not str(g).startswith(str(graph_for("neu")))}
        handle.close()
        relations_now = len([1 for _, p, _ in now if p == KG.cooperationKind])
        assert relations_now == (4000 if now else 0), (delay, len(now))
        assert others == sizes, delay   # nothing else changed, also when the store was put back
        outcomes.add("new" if now else "none")
    assert "new" in outcomes


def test_equal_rows_give_numbered_relations(store, tmp_path):
    """Three rows with the same ends, kind and start: three relations, the 2nd and 3rd numbered -2, -3."""
    same = ["A0", "A1", "Austausch im Landkreis", "", "", "", "2019", "", "", ""]
    import_files(store, [workbook(tmp_path / "gleich.xlsx", 2, [same, same, same])], name="gleich")
    nodes = sorted(str(s) for s, p, _ in graph_triples(store, graph_for("gleich")) if p == KG.cooperationKind)
    assert len(nodes) == 3
    first = min(nodes, key=len)
    assert nodes == sorted([first, first + "-2", first + "-3"])


def test_cells_with_line_breaks_quotes_and_backslashes_are_written_as_they_read(store, tmp_path):
    """A note typed with Alt+Enter (a line break), quotes and a backslash: the statement holds the cell's
    text exactly (rdflib's n3() had written a Turtle long string that the N-Triples loader refused)."""
    note = 'erste Zeile\nzweite Zeile mit "Zitat" und C:\\Ablage\nEnde'
    row = ["A0", "A1", "Austausch im Landkreis", "", "", "", "2019", "", "", note]
    import_files(store, [workbook(tmp_path / "umbruch.xlsx", 2, [row])], name="umbruch")
    comments = [o for _, p, o in graph_triples(store, graph_for("umbruch")) if p == RDFS.comment]
    assert [str(c) for c in comments] == [note]
