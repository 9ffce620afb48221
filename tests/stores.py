"""Store helpers for the tests: a store's content as N-Quads, literals compared by value, a file as one
INSERT DATA, and copies of a prepared embedded store with its kept views."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Literal


def comparable(term):
    """Literals compare by value: Oxigraph stores 10.90 as its canonical form 10.9."""
    if isinstance(term, Literal):
        return ("literal", term.toPython() if term.datatype else str(term), term.datatype, term.language)
    return term


def dump(store) -> bytes:
    """Everything ``store`` holds as N-Quads: compared before and after a refused load or import."""
    import io

    from koopgraph.graph.formats import format_by_name

    out = io.BytesIO()
    store.dump(out, format_by_name("nquads"))
    return out.getvalue()


def insert_data_for(path: Path) -> str:
    """An INSERT DATA update holding the quads of a TriG/N-Quads file, one GRAPH block per graph."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(path)
    blocks = []
    for graph in dataset.graphs():
        triples = " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)
        if triples:
            blocks.append(f"GRAPH {graph.identifier.n3()} {{ {triples} }}")
    return "INSERT DATA { " + " ".join(blocks) + " }"


def copy_store(template: Path, path: Path) -> str:
    """A copy of the embedded store ``template`` at ``path``, with its data version and kept views (not
    its checkpoints: a server makes its own)."""
    from koopgraph.graph.store.kept import KEPT_FOLDER, VERSION_FILE

    shutil.copytree(template, path)
    side, copied = template.with_name(template.name + ".checkpoints"), path.with_name(path.name + ".checkpoints")
    if (side / VERSION_FILE).exists():
        copied.mkdir()
        shutil.copy2(side / VERSION_FILE, copied / VERSION_FILE)
        shutil.copytree(side / KEPT_FOLDER, copied / KEPT_FOLDER)
    return str(path)


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder ``<name>/store`` that ``make(folder)`` fills, made once per test run: under pytest-xdist
    the workers share one copy in the run's common temporary folder (the first to take the lock makes it,
    the others wait and read it), so a store that takes a minute to load is not made once per worker.
    The folder is a template: tests copy it (``copy_store``) and never write to it."""
    import fcntl
    import os

    if "PYTEST_XDIST_WORKER" not in os.environ:
        path = tmp_path_factory.mktemp(name) / "store"
        make(path)
        return path
    root = tmp_path_factory.getbasetemp().parent  # .../pytest-N, above the workers' popen-gwK folders
    folder, path = root / name, root / name / "store"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "made").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed midway left a part
            folder.mkdir()
            make(path)
            (folder / "made").touch()
    return path
