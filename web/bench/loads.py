"""`koopgraph load` under kill -9 and with bad files, each load in its own process.

``killed_loads`` kills loads at random moments and counts the stores left with neither
the statements before the load nor those after it. ``bad_files`` writes files that used
to hurt (billion laughs, an external entity, a file without line ends, a byte-order mark)
and loads each, reporting the exit code, the first line of the message and the peak
memory of the load process (``ru_maxrss`` from ``wait4``).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def koopgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "koopgraph.web.cli", *args]


def statements(store: Path) -> tuple[int, str]:
    """How many statements the store holds (asked by the next command), and what it said on stderr."""
    done = subprocess.run(koopgraph("query", "--store", str(store), "--empty", "--format", "csv", COUNT),
                          capture_output=True, text=True, check=True)
    return int(done.stdout.splitlines()[1]), done.stderr


@dataclass
class KilledLoads:
    runs: int
    cut_off: int  # kills that landed while the load's journal was open
    partial: int  # stores left with neither the state before nor after
    announced: int  # cut-off loads the next command reported
    quads: int
    seconds: float


def killed_loads(file: Path, quads: int, folder: Path, runs: int = 10, seed: int = 1) -> KilledLoads:
    """Kill ``runs`` loads of ``file`` (``quads`` statements) into a store that holds one small file."""
    template = folder / "template"
    small = folder / "small.nt"
    small.write_text("<urn:x-bench:s> <urn:x-bench:p> \"vorher\" .\n", encoding="utf-8")
    subprocess.run(koopgraph("load", "--store", str(template), "--empty", str(small)), check=True,
                   capture_output=True)
    before, _ = statements(template)
    started = time.monotonic()
    subprocess.run(koopgraph("load", "--store", str(folder / "timed"), "--empty", str(file)), check=True,
                   capture_output=True)
    whole = time.monotonic() - started
    rng, cut_off, partial, announced = random.Random(seed), 0, 0, 0
    for run in range(runs):
        store = folder / f"run-{run}"
        shutil.copytree(template, store)
        load = subprocess.Popen(koopgraph("load", "--store", str(store), str(file)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 1.0) * whole)
        load.kill()
        load.wait()
        was_cut = (folder / f"run-{run}.checkpoints" / "pending-load.json").exists()
        held, said = statements(store)
        cut_off += was_cut
        partial += held not in (before, before + quads)
        announced += was_cut and "was cut off" in said
        shutil.rmtree(store)
        shutil.rmtree(folder / f"run-{run}.checkpoints", ignore_errors=True)
    return KilledLoads(runs, cut_off, partial, announced, quads, whole)


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
            '  <rdf:Description rdf:about="http://example.org/s"><ex:p>&lol9;</ex:p></rdf:Description>\n'
            "</rdf:RDF>\n").encode("ascii")


EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&secret;</ex:p></rdf:Description>
</rdf:RDF>
"""


def write_bad_files(folder: Path, long_line_mb: int) -> list[tuple[str, Path]]:
    """(what, path) of each bad file, written into ``folder``."""
    files = [("billion laughs (RDF/XML)", folder / "lol.rdf", billion_laughs()),
             ("external entity (RDF/XML)", folder / "xxe.rdf", EXTERNAL_ENTITY),
             ("Turtle with a UTF-8 byte-order mark", folder / "bom.ttl",
              b'\xef\xbb\xbf<urn:x-bench:s> <urn:x-bench:p> "Stadt" .\n')]
    written = []
    for what, path, content in files:
        path.write_bytes(content)
        written.append((what, path))
    long_line = folder / "ohne-zeilenende.nt"
    with open(long_line, "wb") as out:  # one statement whose literal never ends in a line end
        out.write(b'<urn:x-bench:s> <urn:x-bench:p> "')
        block = b"x" * (1 << 20)
        for _ in range(long_line_mb):
            out.write(block)
    written.append((f"N-Triples without line ends ({long_line_mb} MB)", long_line))
    return written


@dataclass
class BadFile:
    what: str
    size: int
    exit_code: int
    message: str
    peak_mb: float


# Runs the command line and, at its exit, writes its peak resident memory (VmHWM, kB) as the last line
# of stderr. (ru_maxrss from wait4 is no good here: Linux keeps the parent's size from before exec.)
_MEASURED = ("import atexit, sys\n"
             "def peak():\n"
             "    sys.stderr.write('\\nVmHWM ' + open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
             "atexit.register(peak)\n"
             "from koopgraph.web.cli import main\n"
             "sys.argv[0] = 'koopgraph'\n"
             "main()\n")


def bad_files(folder: Path, long_line_mb: int = 256) -> list[BadFile]:
    """Load each bad file into a new empty store; exit code, message and peak memory of the load."""
    results = []
    for what, path in write_bad_files(folder, long_line_mb):
        store = folder / f"store-{path.stem}"
        done = subprocess.run([sys.executable, "-c", _MEASURED, "load", "--store", str(store), "--empty", str(path)],
                              capture_output=True, text=True)
        lines = done.stderr.strip().splitlines()
        peak_kb = int(lines.pop().split()[1])
        said = lines[0].replace(str(folder), "…") if lines else "(loaded)"
        results.append(BadFile(what, path.stat().st_size, done.returncode, said, peak_kb / 1024))
        path.unlink()
    return results
