"""The console entry point: graph's data commands plus ``serve``."""

from __future__ import annotations

import click
from koopgraph.graph.cli.data import DATA_COMMANDS, KoopgraphGroup
from koopgraph.graph.settings import setting_options
from koopgraph.graph.store import open_store


@click.group(cls=KoopgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="koopgraph")
def main(debug):
    """koopgraph — explore the cooperation networks of German municipalities in integration policy."""


@click.command("serve")
@setting_options("store", "update_endpoint", "empty", "host", "port", "admin_token", "query_timeout",
                 "query_workers", "row_cap", "download_row_cap", "max_request_kb", "threads",
                 "network_cluster_above")
def serve_command(store, update_endpoint, empty, host, port, threads, **settings):
    """Start the web explorer (Flask app on the waitress WSGI server)."""
    from .serve import serve

    serve(open_store(store, update_endpoint=update_endpoint, empty=empty), host=host, port=port,
          threads=threads, settings=settings)


@click.command("bench-pages")
@setting_options("store", "update_endpoint", "empty")
@click.option("--rounds", type=click.IntRange(min=1), default=30, show_default=True,
              help="Requests per page (after one warm-up request).")
def bench_pages_command(store, update_endpoint, empty, rounds):
    """Time every explorer page through a real server: median, p95 and p95 against the 300 ms budget."""
    from .bench.pages import bench_pages, report

    opened = open_store(store, update_endpoint=update_endpoint, empty=empty)
    try:
        click.echo(report(bench_pages(opened, rounds=rounds)))
    finally:
        opened.close()


for command in [*DATA_COMMANDS, serve_command, bench_pages_command]:
    main.add_command(command)


if __name__ == "__main__":
    main()
