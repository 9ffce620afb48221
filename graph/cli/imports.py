"""The commands for own data: ``template``, ``import`` (thin: parse, call, print)."""

from __future__ import annotations

from pathlib import Path

import click

from ..imports.run import ImportResult, import_files
from ..imports.template import write_template
from ..settings import setting_options

store_options = setting_options("store", "update_endpoint", "empty")


@click.command("template")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("vorlage.xlsx"),
              show_default=True, help="Where to write the workbook.")
def template_command(output):
    """Write the German import template (XLSX) with the ontology's code lists as drop-downs."""
    write_template(output)
    click.echo(f"Vorlage geschrieben: {output}")


@click.command("import")
@store_options
@click.option("--graph", "name", metavar="NAME", help="Name of the import's graph (default: the first file's name).")
@click.option("--replace", is_flag=True, help="Replace the graph of an earlier import of the same name, in one step.")
@click.option("--dry-run", is_flag=True, help="Check and show the difference; write nothing.")
@click.option("--by", metavar="NAME", help="Who imports (kept in the provenance).")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_command(store, update_endpoint, empty, name, replace, dry_run, by, files):
    """Import actors and dated relations from the template: XLSX, ODS, CSV files or a folder of CSVs.

    Every cell is checked; if one is wrong, all problems are listed (file, sheet, row, column) and
    nothing is written (exit code 1).
    """
    from .data import opened_store

    with opened_store(store, update_endpoint, empty) as handle:
        result = import_files(handle, files, name=name, replace=replace, dry_run=dry_run, by=by)
    click.echo(import_summary(result))


def import_summary(result: ImportResult) -> str:
    """What an import did, in German: graph, counts, the difference, warnings."""
    verb = "würde schreiben (Probelauf)" if not result.written else ("ersetzt" if result.replaced else "geschrieben")
    lines = [f"Graph <{result.graph}> {verb}: {result.rows} Zeilen, {result.actors} Akteure, "
             f"{result.relations} Beziehungen, {result.triples} Tripel.",
             f"Unterschied: {result.difference.summary()}."]
    for look, word in (("new", "neu"), ("changed", "geändert"), ("removed", "entfernt")):
        for kind, items in getattr(result.difference, look).items():
            lines += [f"  {word} ({kind}): {label}" for _, label in items[:20]]
    lines += [f"Warnung (Kernprofil): {f.sentence()}" for f in result.findings]
    return "\n".join(lines)


@click.command("bench-import")
@click.option("--relations", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="Relations in the generated workbook.")
def bench_import_command(relations):
    """Import speed (rows/s) and peak memory for a generated workbook, into a fresh store."""
    from ..bench.imports import bench_import

    click.echo(bench_import(relations))


IMPORT_COMMANDS = [template_command, import_command, bench_import_command]
