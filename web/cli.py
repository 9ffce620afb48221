"""The console entry point: graph's data commands plus the commands that need the web layer:
``serve``, ``bench`` (the store benchmark, with ``--http`` also the pages), ``bench-pages`` and
``bench-start`` (from ``serve`` to answered pages, new store and restart), ``bench-sparql`` (/sparql beside
`oxigraph serve` and Virtuoso)."""

from __future__ import annotations

from pathlib import Path

import click
from koopgraph.graph.cli.data import DATA_COMMANDS, KoopgraphGroup
from koopgraph.graph.cli.scale import bench_options, bench_store, write_report
from koopgraph.graph.errors import KoopgraphError
from koopgraph.graph.settings import setting_options
from koopgraph.graph.store import open_store


@click.group(cls=KoopgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="koopgraph")
def main(debug):
    """koopgraph — explore the cooperation networks of German municipalities in integration policy."""


@click.command("serve")
@setting_options("store", "update_endpoint", "empty", "host", "port", "admin_token", "editor_token",
                 "max_upload_mb", "query_timeout", "query_workers", "query_memory_mb", "query_queue",
                 "query_per_client", "row_cap", "download_row_cap", "max_request_kb", "threads", "base_url",
                 "cors_origin",
                 "network_cluster_above")
def serve_command(store, update_endpoint, empty, **settings):
    """Start the web explorer (Flask app on the waitress WSGI server)."""
    opened = open_store(store, update_endpoint=update_endpoint, empty=empty)
    if not opened.remote:  # started by koopgraph.web.launch already, unless called another way
        from koopgraph.graph.sparql.forkserver import start_forkserver

        start_forkserver()
    from .serve import serve

    serve(opened, settings=settings)


@click.command("bench")
@bench_options
@click.option("--http", is_flag=True, help="Also serve the graph with `koopgraph serve` and time the "
              "explorer's pages over HTTP.")
@click.option("--only-http", is_flag=True, help="Only the HTTP pages, no store configurations.")
@click.option("--browser/--no-browser", default=True, show_default=True, help="With --http: also time "
              "/netzwerk in headless Chromium (needs Playwright and /usr/bin/chromium).")
def bench_command(configs, http, only_http, browser, json_file, **options):
    """Load and query the synthetic graph with each store side by side, each in its own process."""
    from koopgraph.graph.bench.report import markdown
    from koopgraph.graph.bench.run import CONFIGS

    if options["on_base_layer"] and (http or only_http):
        raise KoopgraphError("--http times the pages of the purely synthetic graph only",
                             hint="Drop --on-base-layer, or --http.")
    report = bench_store(configs=() if only_http else (tuple(configs) or CONFIGS), **options)
    text = markdown(report)
    if http or only_http:
        from .bench.synthetic import http_markdown, synthetic_pages_section

        report["http"] = synthetic_pages_section(options["scale"], options["seed"], options["cache_dir"],
                                                 options["repeat"], browser)
        text += "\n" + http_markdown(report["http"])
    write_report(report, json_file, text)


@click.command("bench-pages")
@setting_options("store", "update_endpoint", "empty")
@click.option("--rounds", type=click.IntRange(min=1), default=30, show_default=True,
              help="Requests per page (after one warm-up request).")
def bench_pages_command(store, update_endpoint, empty, rounds):
    """Time every explorer page through a real server: median, p95 (nearest rank) and p95 against the
    300 ms budget."""
    from .bench.pages import bench_pages, report

    opened = open_store(store, update_endpoint=update_endpoint, empty=empty)
    try:
        click.echo(report(bench_pages(opened, rounds=rounds)))
    finally:
        opened.close()


@click.command("bench-reliability")
@click.option("--seconds", type=click.FloatRange(min=1), default=60, show_default=True,
              help="Length of the writer/readers run and of each load-test run.")
@click.option("--readers", type=click.IntRange(min=1), default=8, show_default=True, help="Concurrent readers.")
@click.option("--clients", type=click.IntRange(min=1, max=200), default=50, show_default=True,
              help="Clients of the load test (each on its own loopback address).")
@click.option("--runs", type=click.IntRange(min=1), default=10, show_default=True, help="Loads killed with kill -9.")
@click.option("--scale", type=click.Choice(["XS", "S", "M"]), default="M", show_default=True,
              help="Synthetic scale at which a checkpoint's cost is measured.")
@click.option("--kill-scale", type=click.Choice(["XS", "S", "M"]), default="S", show_default=True,
              help="Synthetic scale of the file whose loads are killed.")
@click.option("--long-line-mb", type=click.IntRange(min=1), default=256, show_default=True,
              help="Size of the N-Triples file without line ends.")
def bench_reliability_command(**options):
    """Writer and readers, killed loads, a load test with and without runaway queries, bad files: one report."""
    from .bench.reliability import main as bench_reliability

    click.echo(bench_reliability(**options))


@click.command("bench-start")
@click.option("--scale", type=click.Choice(["XS", "S", "M", "none"]), default="M", show_default=True,
              help="Also a synthetic store of this scale (loaded first; M: ~1.1M triples, minutes).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the synthetic store.")
def bench_start_command(scale, seed):
    """Time from `koopgraph serve` to answered pages, ready and all pages warm (wall and CPU seconds): the
    study alone, a new store (study + base layer), a synthetic store; new and restarted, side by side,
    with a page's slowdown while the server prepares."""
    import os

    from .bench.start import bench_start, report

    before = os.getloadavg()[0]
    rows = bench_start(progress=lambda text: click.echo(text, err=True), scale=None if scale == "none" else scale,
                       seed=seed)
    click.echo(report(rows, f"Load average (1 min) {before:.1f} before, {os.getloadavg()[0]:.1f} after; "
                            f"{os.cpu_count()} cores."))


@click.command("bench-sparql")
@click.option("--rounds", type=click.IntRange(min=1), default=20, show_default=True,
              help="Rounds of the query mix after one warm-up round.")
@click.option("--virtuoso/--no-virtuoso", default=True, show_default=True,
              help="Also Virtuoso 7 (Debian virtuoso-opensource) with the same data.")
@click.option("--json-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as JSON to this file.")
def bench_sparql_command(rounds, virtuoso, json_file):
    """koopgraph's /sparql beside `oxigraph serve` (and Virtuoso) on the same data in one run: first query
    after start, p50/p95 per query of the mix, ratios to Oxigraph."""
    from .bench.sparql_engines import bench_sparql, report

    result = bench_sparql(rounds=rounds, virtuoso=virtuoso, progress=lambda text: click.echo(text, err=True))
    write_report(result, json_file, report(result))


for command in [*DATA_COMMANDS, serve_command, bench_command, bench_pages_command, bench_reliability_command,
                bench_start_command, bench_sparql_command]:
    main.add_command(command)


if __name__ == "__main__":
    main()
