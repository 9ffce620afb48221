"""The scale commands of the ``koopgraph`` command line: ``synth`` and ``bench`` (thin)."""

from __future__ import annotations

from pathlib import Path

import click

from .formats import rdf_format_for
from .synth import SCALES, write_synthetic
from .synth_vocab import SYNTH_GRAPH_IRI

_SCALE_CHOICE = click.Choice(list(SCALES), case_sensitive=False)


@click.command("synth")
@click.option("--scale", type=_SCALE_CHOICE, default="S", show_default=True,
              help="XS (three small Länder, for tests), S ≈ 0.4M, M ≈ 1M, L ≈ 10M triples.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same bytes.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write; the format follows the extension (.nq, .trig, .nt, .ttl).")
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "ntriples", "turtle"]),
              help="RDF format (default: from the extension).")
def synth_command(scale, seed, output, fmt):
    """Write a synthetic nation-wide graph (clearly labelled synthetic) for scale tests."""
    triples = write_synthetic(output, scale, seed, fmt)
    click.echo(f"{output}: {triples} synthetic triples (scale {scale.upper()}, seed {seed}).")
    if not rdf_format_for(output, fmt).holds_graphs:
        click.echo(f"Load it with: koopgraph load --graph {SYNTH_GRAPH_IRI} {output}")


SCALE_COMMANDS = [synth_command]
