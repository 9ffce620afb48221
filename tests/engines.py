"""Real SPARQL servers for the tests: `oxigraph serve` (PyPI) and OpenLink Virtuoso (Debian).

Each runs in its own process on a free loopback port with a temporary database and is
stopped after the test; its output is printed when the test fails.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from processes import free_port, wait_for_http

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
    """`virtuoso-t` in the foreground with a new database in ``folder``; updates allowed on /sparql."""

    def __init__(self, folder: Path, *, row_cap: int = 1_000_000) -> None:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError("Virtuoso is not installed (Debian package virtuoso-opensource)")
        self.sql_port, self.http_port = free_port(), free_port()
        folder.mkdir(parents=True, exist_ok=True)
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=self.sql_port, http_port=self.http_port,
                                           row_cap=row_cap))
        self.process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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

    def stop(self) -> str:
        return stop(self.process)


class OxigraphServer:
    """`oxigraph serve` (PyPI package oxigraph), in memory or on disk at ``location``; ``union`` makes its
    default graph the union of its named graphs."""

    def __init__(self, *, union: bool = True, location: Path | None = None) -> None:
        binary = shutil.which("oxigraph")
        if binary is None:
            raise RuntimeError("the `oxigraph` server is not installed (pip install oxigraph)")
        port = free_port()
        command = [binary, "serve", "--bind", f"127.0.0.1:{port}"] + (["--union-default-graph"] if union else [])
        command += ["--location", str(location)] if location else []
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.base = f"http://127.0.0.1:{port}"
        self.query_url, self.update_url = self.base + "/query", self.base + "/update"
        wait_for_http(self.query_url + "?query=ASK%7B%7D", self.process)

    def stop(self) -> str:
        return stop(self.process)


def console_script() -> str:
    """The installed `koopgraph` script beside this Python."""
    import sys

    beside_python = Path(sys.executable).parent / "koopgraph"
    return str(beside_python) if beside_python.exists() else shutil.which("koopgraph")


def koopgraph(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the `koopgraph` console script; its exit code, stdout and stderr."""
    return subprocess.run([console_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def emptied(store):
    """``store`` (a Virtuoso endpoint) without any graph it shows (Virtuoso's own are hidden)."""
    for graph in store.graph_names():
        store.update(f"DROP SILENT GRAPH <{graph}>")
    return store
