"""Loads stay all or nothing when `koopgraph load` is killed (issue 11, item 4).

Before the load journal, kill -9 in the middle of a load left a silent partial graph (15 of
20 runs of a 1.07M-quad file). Each run here kills a load at a random moment and then asks
the store, through the next command, how many statements it holds: the number before the
load or after it, nothing between; and when the kill cut a load off, that command says so.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import DATA

QUADS = 100_000
RUNS = 6   # `koopgraph bench-reliability --kill-scale S` kills loads of 635,446 statements
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def koopgraph(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "koopgraph"
    return [str(script) if script.exists() else shutil.which("koopgraph"), *args]


def write_nquads(path: Path, quads: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(quads):
            out.write(f'<urn:x-test:s{i}> <urn:x-test:p{i % 7}> "Wert {i}" <urn:x-test:graph/{i % 3}> .\n')


def statements(store: Path) -> tuple[int, str]:
    """The statements the store holds, and what the command said on stderr."""
    done = subprocess.run(koopgraph("query", "--store", str(store), "--empty", "--format", "csv", COUNT),
                          capture_output=True, text=True, check=True)
    return int(done.stdout.splitlines()[1]), done.stderr


def journal_appears(load: subprocess.Popen, store: Path) -> float:
    """Wait until ``load`` has announced its load in the store's journal; when that was."""
    journal = store.with_name(store.name + ".checkpoints") / "pending-load.json"
    while not journal.exists() and load.poll() is None:
        time.sleep(0.005)
    return time.monotonic()


def test_a_load_killed_at_any_moment_leaves_the_state_before_or_after_it(tmp_path):
    big = tmp_path / "big.nq"
    write_nquads(big, QUADS)
    template = tmp_path / "template"  # a store holding the parity fixture: the state before
    subprocess.run(koopgraph("load", "--store", str(template), "--empty", str(DATA / "parity.trig")),
                   check=True, capture_output=True)
    before, _ = statements(template)
    timed = subprocess.Popen(koopgraph("load", "--store", str(tmp_path / "timed"), "--empty", str(big)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    began = journal_appears(timed, tmp_path / "timed")
    timed.wait()
    loading = time.monotonic() - began  # only to spread the kills over the load, never asserted
    rng = random.Random(11)
    outcomes = []
    run = 0
    # at least RUNS runs and three kills inside a load; a load that ends before its kill shortens the
    # spread to its own duration (on a machine busier at the timed load, every kill came too late)
    while run < RUNS or (sum(cut for _, cut, _ in outcomes) < 3 and run < 3 * RUNS):
        store = tmp_path / f"run-{run}"
        empty = run % 2 == 1  # every other run fills a new store (the fast path), else adds to one
        if not empty:
            shutil.copytree(template, store)
        load = subprocess.Popen(koopgraph("load", "--store", str(store), "--empty", str(big)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        began = journal_appears(load, store)  # the load has begun (the process's start-up is no part of it)
        try:
            load.wait(timeout=rng.uniform(0.0, 1.0) * loading)
            loading = min(loading, time.monotonic() - began)
        except subprocess.TimeoutExpired:
            load.kill()
            load.wait()
        cut_off = (tmp_path / f"run-{run}.checkpoints" / "pending-load.json").exists()
        held, said = statements(store)
        start = 0 if empty else before
        outcomes.append((run, cut_off, held))
        assert held in (start, start + QUADS), f"run {run}: {held} statements, a partial load"
        assert ("was cut off" in said) == cut_off, (run, said)
        if cut_off:
            assert held == start and str(big) in said
        run += 1
    assert sum(cut for _, cut, _ in outcomes) >= 3, f"too few kills landed inside a load: {outcomes}"
