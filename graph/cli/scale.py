"""The scale commands of the ``koopgraph`` command line: ``synth`` and ``bench`` (thin)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..bench.run import CONFIGS, CONTROL_CONFIGS, BenchOptions, run_benchmark
from ..errors import KoopgraphError
from ..formats import rdf_format_for
from ..synth.generate import SCALES, write_synthetic
from ..synth.vocab import SYNTH_GRAPH_IRI

_SCALE_CHOICE = click.Choice(list(SCALES), case_sensitive=False)


@click.command("synth")
@click.option("--scale", type=_SCALE_CHOICE, default="S", show_default=True,
              help="XS (three small Länder, for tests), S ≈ 0.6M, M ≈ 1.1M, L ≈ 9.7M triples.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write; the format follows the extension (.nq, .trig, .nt, .ttl).")
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "ntriples", "turtle"]),
              help="RDF format (default: from the extension).")
@click.option("--on-base-layer", is_flag=True,
              help="Put the synthetic actors, programmes and relations on the real Gemeinden, Kreise and "
                   "Länder of the official base layer (load the file into a store that has it) instead of "
                   "on a synthetic Germany. S ≈ 0.5M, M ≈ 0.9M, L ≈ 9.6M triples.")
def synth_command(scale, seed, output, fmt, on_base_layer):
    """Write a synthetic nation-wide graph (clearly labelled synthetic) for scale tests."""
    triples = write_synthetic(output, scale, seed, fmt, on_base_layer=on_base_layer)
    where = ", on the official base layer" if on_base_layer else ""
    click.echo(f"{output}: {triples} synthetic triples (scale {scale.upper()}, seed {seed}{where}).")
    if not rdf_format_for(output, fmt).holds_graphs:
        click.echo(f"Load it with: koopgraph load --graph {SYNTH_GRAPH_IRI} {output}")


def bench_options(func):
    """The store benchmark's options (``koopgraph bench`` is registered by web/cli.py, which adds --http)."""
    options = [
        click.option("--scale", type=_SCALE_CHOICE, default="S", show_default=True,
                     help="Size of the synthetic graph (generated once, then reused from the cache)."),
        click.option("--seed", type=int, default=1, show_default=True),
        click.option("--config", "configs", multiple=True, type=click.Choice(CONFIGS + CONTROL_CONFIGS),
                     help="Configurations to run (default: memory, oxigraph, pyoxigraph). "
                          "pyoxigraph-default-graph is a control whose answers must disagree."),
        click.option("--store", "endpoints", multiple=True, metavar="URL",
                     help="Also benchmark this (empty) SPARQL endpoint, loaded through the store layer."),
        click.option("--update-endpoint", metavar="URL",
                     help="Update URL of the one --store endpoint (default: its query URL)."),
        click.option("--repeat", type=int, default=20, show_default=True, help="Warm runs per query."),
        click.option("--budget", "budget_s", type=float, default=30.0, show_default=True,
                     help="Seconds of warm runs per query and configuration before stopping early (at least one)."),
        click.option("--timeout", "timeout_s", type=float, default=300.0, show_default=True,
                     help="Seconds after which one query run counts as timed out."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Where synthetic files are kept (default: the user cache dir)."),
        click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the JSON report here."),
        click.option("--on-base-layer", is_flag=True,
                     help="Synthetic relations on the real places (koopgraph synth --on-base-layer), loaded "
                          "beside the shipped study and base layer."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def bench_store(scale, seed, configs, endpoints, update_endpoint, repeat, budget_s, timeout_s, cache_dir,
                on_base_layer=False, progress=lambda text: click.echo(text, err=True)) -> dict:
    """Load and query the synthetic graph with each store configuration side by side; the report."""
    for url in endpoints:
        if not url.startswith(("http://", "https://")):
            raise KoopgraphError(f"--store {url} is not an http(s) URL",
                                 hint="Local stores are benchmarked by --config oxigraph / memory.")
    options = BenchOptions(scale=scale, seed=seed, configs=configs, endpoints=endpoints,
                           update_endpoint=update_endpoint, repeat=repeat, budget_s=budget_s,
                           timeout_s=timeout_s, cache_dir=cache_dir, on_base_layer=on_base_layer, progress=progress)
    return run_benchmark(options)


def write_report(report: dict, json_file: Path | None, text: str) -> None:
    """The report as JSON (if asked) and as Markdown on stdout."""
    if json_file:
        json_file.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    click.echo(text)


SCALE_COMMANDS = [synth_command]
