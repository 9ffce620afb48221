"""The commands for own data: ``template``, ``import`` (thin: parse, call, print)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..imports.anonymity import DEFAULT_K
from ..settings import setting_options

if TYPE_CHECKING:
    from ..imports.run import ImportResult

store_options = setting_options("store", "update_endpoint", "empty")


@click.command("template")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("vorlage.xlsx"),
              show_default=True, help="Where to write the workbook.")
def template_command(output):
    """Write the German import template (XLSX) with the ontology's code lists as drop-downs."""
    from ..imports.template import write_template  # openpyxl (~0.3 s): only this command needs it at once

    write_template(output)
    click.echo(f"Vorlage geschrieben: {output}")


@click.command("import")
@store_options
@click.option("--graph", "name", metavar="NAME", help="Name of the import's graph (default: the first file's name).")
@click.option("--replace", is_flag=True, help="Replace the graph of an earlier import of the same name, in one step.")
@click.option("--dry-run", is_flag=True, help="Check and show the difference; write nothing.")
@click.option("--by", metavar="NAME", help="Who imports (kept in the provenance).")
@click.option("--anonymised", is_flag=True,
              help="Check every case (Art »Fall«) against the official places: report a case fewer than k places share.")
@click.option("--k", "k", type=click.IntRange(min=2), default=DEFAULT_K, show_default=True,
              help="With --anonymised: how many real places must share a case's facts.")
@click.option("--strict", is_flag=True, help="With --anonymised: refuse the import (write nothing) if a case is exposed.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_command(store, update_endpoint, empty, name, replace, dry_run, by, anonymised, k, strict, files):
    """Import actors and dated relations from the template: XLSX, ODS, CSV files or a folder of CSVs.

    Every cell is checked; if one is wrong, all problems are listed (file, sheet, row, column) and
    nothing is written (exit code 1).
    """
    from ..imports.run import import_files
    from .data import opened_store

    with opened_store(store, update_endpoint, empty) as handle:
        result = import_files(handle, files, name=name, replace=replace, dry_run=dry_run, by=by,
                              anonymised=anonymised or strict, k=k, strict=strict)
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
    if result.anonymity is not None:
        lines += anonymity_lines(result.anonymity.cases, result.anonymity.k, result.anonymity.exposures)
    return "\n".join(lines)


def anonymity_lines(cases: int, k: int, exposures: list) -> list[str]:
    """The anonymity check in German: how many cases, and each one fewer than k places share."""
    lines = [f"Anonymität: {cases} Fälle geprüft, {len(exposures)} teilen weniger als {k} reale Orte."]
    for e in exposures:
        where = f" (Akteure Zeile {e.row})" if e.row else ""
        places = f": {', '.join(e.remaining)}" if e.remaining else ""
        lines.append(f"  Warnung: Fall »{e.label}«{where} – nur {e.count} Orte{places}; eingrenzend: {e.narrowing()}")
    return lines


@click.command("anonymity-check")
@store_options
@click.option("--k", "k", type=click.IntRange(min=2), default=DEFAULT_K, show_default=True,
              help="How many real places must share a case's facts.")
@click.option("--all", "show_all", is_flag=True, help="List every case with its count, not only the exposed ones.")
def anonymity_check_command(store, update_endpoint, empty, k, show_all):
    """Check the study's anonymised cases (graph faelle) against the official places; exit 1 if one is exposed."""
    from ..imports.anonymity import study_case_exposures
    from .data import opened_store

    with opened_store(store, update_endpoint, empty) as handle:
        cases, exposures = study_case_exposures(handle, k)
        everything = study_case_exposures(handle, 10**9)[1] if show_all else []
    click.echo("\n".join(anonymity_lines(cases, k, exposures)))
    for e in everything:
        click.echo(f"  {e.label}: {e.narrowing()}")
    if exposures:
        raise SystemExit(1)


@click.command("bench-import")
@click.option("--relations", type=click.IntRange(min=1), default=50_000, show_default=True,
              help="Relations in the generated workbook.")
def bench_import_command(relations):
    """Import speed (rows/s) and peak memory for a generated workbook, into a fresh store."""
    from ..bench.imports import bench_import

    click.echo(bench_import(relations))


IMPORT_COMMANDS = [template_command, import_command, anonymity_check_command, bench_import_command]
