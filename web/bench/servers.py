"""Real SPARQL servers beside koopgraph: `oxigraph serve` (PyPI) and OpenLink Virtuoso (Debian).

Each runs in its own process on a free loopback port with a database in a folder of its own; the
SPARQL benchmark (:mod:`.sparql_engines`) and the tests (tests/engines.py) start them from here.
Only loopback addresses are bound or contacted.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    """Wait until the server at ``url`` answers at all (any status); raises RuntimeError with its output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{process.stdout.read() if process.stdout else ''}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # the server answers, even if not with 200
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"server did not answer at {url}:\n{process.stdout.read() if process.stdout else ''}")


# The Virtuoso configuration of a test server: a database in a temporary folder, both ports on
# loopback. ResultSetMaxRows is the row cap of its /sparql (Debian's default is 10,000).
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxSortedTopRows = {row_cap}
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = {row_cap}
MaxQueryExecutionTime = 60
"""


# Updates on /sparql, and Virtuoso's own graphs hidden from it (README, "A second engine: Virtuoso"):
# graph-level security with those graphs private; everyone may read and write the others, never
# sponge (fetch) them (permission bits: 1 read, 2 write, 4 sponge).
VIRTUOSO_OWN_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                       "http://localuriqaserver/sparql")
_PRIVATE = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
VIRTUOSO_SETUP = ['GRANT SPARQL_UPDATE TO "SPARQL";', f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{_PRIVATE}', 1);",
                  *(f"DB.DBA.RDF_GRAPH_GROUP_INS ('{_PRIVATE}', '{g}');" for g in VIRTUOSO_OWN_GRAPHS),
                  "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 3);",
                  "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);"]


def stop(process: subprocess.Popen) -> str:
    """Terminate ``process`` (kill it after 10 s) and return its output."""
    process.terminate()
    try:
        return process.communicate(timeout=10)[0] or ""
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()[0] or ""


class VirtuosoServer:
    """`virtuoso-t` in the foreground with a new database in ``folder``; updates allowed on /sparql.

    ``log``: where its output goes (a pipe by default: :meth:`stop` returns it; a long run should pass a
    file, as a pipe nobody reads fills up and stops the server)."""

    def __init__(self, folder: Path, *, row_cap: int = 1_000_000, log=subprocess.PIPE) -> None:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError("Virtuoso is not installed (Debian package virtuoso-opensource)")
        self.sql_port, self.http_port = free_port(), free_port()
        folder.mkdir(parents=True, exist_ok=True)
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=self.sql_port, http_port=self.http_port,
                                           row_cap=row_cap))
        self.folder = folder
        self.process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                                        stdout=log, stderr=subprocess.STDOUT, text=True)
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        wait_for_http(self.url + "?query=ASK%7B%7D", self.process, seconds=120)
        for statement in VIRTUOSO_SETUP:
            self.sql(statement)

    def sql(self, statement: str) -> str:
        """Run one SQL statement through `isql-vt` as the administrator."""
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt {statement!r} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def bulk_load(self, file: Path) -> None:
        """Load an N-Quads ``file`` with Virtuoso's bulk loader (no 10 MB limit as for one update);
        RuntimeError names the loader's error."""
        shutil.copy(file, self.folder / "bulk.nq")
        self.sql("ld_dir('.', 'bulk.nq', 'urn:koopgraph:bulk-default');")
        self.sql("rdf_loader_run();")
        self.sql("checkpoint;")
        state = self.sql("SELECT ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in state:
            raise RuntimeError(f"Virtuoso's bulk loader failed on {file}:\n{state}")

    def stop(self) -> str:
        return stop(self.process)


def oxigraph_command(port: int, *, union: bool = True, location: Path | None = None) -> list[str]:
    """The command line of `oxigraph serve` on loopback ``port``."""
    beside = Path(sys.executable).parent / "oxigraph"  # installed with koopgraph's test extra, maybe off PATH
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the `oxigraph` server is not installed (pip install oxigraph)")
    command = [binary, "serve", "--bind", f"127.0.0.1:{port}"] + (["--union-default-graph"] if union else [])
    return command + (["--location", str(location)] if location else [])


class OxigraphServer:
    """`oxigraph serve` (PyPI package oxigraph), in memory or on disk at ``location``; ``union`` makes its
    default graph the union of its named graphs; ``log`` as for :class:`VirtuosoServer`."""

    def __init__(self, *, union: bool = True, location: Path | None = None, log=subprocess.PIPE) -> None:
        port = free_port()
        command = oxigraph_command(port, union=union, location=location)
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        self.base = f"http://127.0.0.1:{port}"
        self.query_url, self.update_url = self.base + "/query", self.base + "/update"
        wait_for_http(self.query_url + "?query=ASK%7B%7D", self.process)

    def stop(self) -> str:
        return stop(self.process)
