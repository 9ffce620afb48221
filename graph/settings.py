"""The one table of koopgraph's settings.

Each :class:`Setting` drives a command-line option, an environment variable
and a row in the README's settings table (see :func:`settings_markdown`).
Commands declare which settings they take with :func:`setting_options`.

>>> SETTINGS["query_timeout"].option
'--query-timeout'
>>> SETTINGS["query_timeout"].env
'KOOPGRAPH_QUERY_TIMEOUT'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import platformdirs


def default_store_path() -> str:
    """The embedded store's directory in the platform's user data dir."""
    return str(Path(platformdirs.user_data_dir("koopgraph")) / "store")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    type: Any = str
    is_flag: bool = False
    secret: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env(self) -> str:
        return "KOOPGRAPH_" + self.name.upper()

    def shown_default(self) -> str:
        if self.name == "store":
            return "the user data dir, e.g. `~/.local/share/koopgraph/store`"
        return "—" if self.default is None else f"`{self.default}`"


_TABLE = [
    Setting("store", None, "Store spec: a directory (embedded Oxigraph, the default), "
            "'memory', or the http(s) URL of a SPARQL 1.1 query endpoint."),
    Setting("update_endpoint", None, "SPARQL 1.1 update endpoint for a remote store "
            "(default: the query endpoint's URL)."),
    Setting("empty", False, "Do not load the study dataset into a new store.",
            type=bool, is_flag=True),
    Setting("host", "127.0.0.1", "Interface the web server listens on."),
    Setting("port", 8000, "Port the web server listens on.", type=int),
    Setting("admin_token", None, "Bearer token that allows SPARQL updates on /sparql; "
            "without it the endpoint is read-only.", secret=True),
    Setting("editor_token", None, "Token that allows importing own data on /import (besides the admin token); "
            "without either, /import only explains how to enable it.", secret=True),
    Setting("max_upload_mb", 20, "Largest spreadsheet accepted on /import, in MiB.", type=int),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped.",
            type=float),
    Setting("query_workers", 4, "Worker processes that answer SPARQL queries on /sparql; "
            "a query over its time limit is stopped with its worker.", type=int),
    Setting("query_memory_mb", 4096, "Most memory in MiB one query worker may use; a query that needs "
            "more is stopped with its worker (503). The default fits 4 workers on a 24 GB machine.", type=int),
    Setting("query_queue", 32, "SPARQL queries that may wait for a free worker; more at once are refused "
            "(503 with Retry-After).", type=int),
    Setting("query_per_client", 2, "SPARQL queries one client address may have running or waiting at once; "
            "more are refused (429 with Retry-After).", type=int),
    Setting("row_cap", 10000, "Most result rows a query returns over HTTP; "
            "longer results are cut with a note.", type=int),
    Setting("max_request_kb", 512, "Largest accepted request body in KiB.", type=int),
    Setting("threads", 8, "Threads of the web server for the explorer's pages; /sparql has its own "
            "(one per query worker and waiting query), so pages never wait behind SPARQL.", type=int),
    Setting("base_url", None, "The server's public URL (e.g. https://koopgraph.example.org), used in the "
            "Service Description and the workbench (default: http://HOST:PORT from --host and --port; "
            "never the request's Host header)."),
    Setting("cors_origin", None, "Origins (comma-separated, or *) whose pages may query /sparql from the "
            "browser (CORS), e.g. a notebook server; off by default."),
    Setting("network_cluster_above", 1000, "A network with more Kommunen than this starts on /netzwerk "
            "as clusters (Länder, then Kreise, then Gemeinden) instead of every node.", type=int),
]

SETTINGS: dict[str, Setting] = {s.name: s for s in _TABLE}


def setting_options(*names: str):
    """Decorator adding click options (with env variables) for the named settings."""

    def decorate(func):
        for name in reversed(names):
            s = SETTINGS[name]
            kwargs: dict[str, Any] = {"help": s.help, "envvar": s.env, "show_envvar": True}
            if s.is_flag:
                kwargs.update(is_flag=True, default=s.default)
            else:
                kwargs.update(type=s.type, default=s.default, show_default=s.default is not None)
            func = click.option(s.option, s.name, **kwargs)(func)
        return func

    return decorate


def settings_markdown() -> str:
    """The README's table of settings, generated from the table above."""
    rows = ["| Option | Environment variable | Default | Meaning |", "|---|---|---|---|"]
    for s in _TABLE:
        rows.append(f"| `{s.option}` | `{s.env}` | {s.shown_default()} | {s.help} |")
    return "\n".join(rows)
