"""The data commands of the ``koopgraph`` command line (thin: parse, call, print).

Errors are mapped to messages and exit codes in one place,
:class:`KoopgraphGroup`: 0 ok, 1 a user error (one line, no traceback unless
``--debug``), 2 wrong usage (click's own).
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from ..errors import KoopgraphError
from ..explore.study_totals import study_note
from ..formats import FORMAT_NAMES, format_by_name, rdf_format_for
from ..settings import default_store_path, setting_options
from ..sparql.query import query as run_query
from ..sparql.query import read_query_argument
from ..sparql.questions import bound_query, catalogue, question_named, resolve
from ..sparql.results import CLI_FORMATS, render
from ..stats import stats_text, store_stats
from ..sparql.sandbox import describe, run_offline
from ..store import backend_for, open_store
from ..store.load import load_checked, load_files
from ..validate import PROFILES, validate_store
from .imports import IMPORT_COMMANDS
from .network import NETWORK_COMMANDS
from .scale import SCALE_COMMANDS

store_options = setting_options("store", "update_endpoint", "empty")


class KoopgraphGroup(click.Group):
    """A click group that turns KoopgraphError into one plain line and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KoopgraphError as e:
            if ctx.params.get("debug"):
                raise
            click.secho(f"Error: {e}", err=True, fg="red")
            sys.exit(1)


@contextmanager
def opened_store(store, update_endpoint, empty, *, read_only=False, check_default_graph=True):
    """The store, its notices (e.g. a load undone) said on stderr; ``read_only`` commands can read
    the latest checkpoint of a store that a server holds; an endpoint whose default graph is not the
    union of its named graphs gets a warning unless ``check_default_graph`` is off."""
    handle = open_store(store, update_endpoint=update_endpoint, empty=empty, read_only=read_only)
    for notice in handle.notices:
        click.echo(notice, err=True)
    if check_default_graph:
        warn_about_default_graph(handle)
    try:
        yield handle
    finally:
        handle.close()


def warn_about_default_graph(handle) -> None:
    """Say on stderr when the store's default graph misses the named graphs (a remote endpoint's setting)."""
    problem = handle.default_graph_problem()
    if problem:
        click.secho(f"Warning: {problem}", err=True, fg="yellow")


@click.command("load")
@store_options
@click.option("--graph", metavar="IRI", help="Named graph for the files' default-graph triples "
              "(default: each file's file: IRI).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), help="RDF format (default: from the extension).")
@click.option("--strict", is_flag=True, help="Refuse the files if they break the core profile "
              "(default: load and show the findings as warnings).")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def load_command(store, update_endpoint, empty, graph, fmt, strict, files):
    """Load RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML), all or nothing.

    The files are checked with the core profile (known terms, valid dates, references that resolve)
    together with what the store holds: findings are warnings, or with --strict refuse the load.
    """
    with opened_store(store, update_endpoint, empty, check_default_graph=False) as handle:
        loaded, report = load_checked(handle, files, graph=graph, fmt=fmt, strict=strict)
        warn_about_default_graph(handle)  # after the load: a new store's default graph is known only then
    for item in loaded:
        click.echo(f"{item.path}: {item.triples} statements loaded ({item.format.name}) into <{item.graph}>")
    if report is None:
        click.echo("Kernprofil nicht geprüft: mehr als 200.000 Tripel (mit --strict wird geprüft; "
                   "`koopgraph validate` prüft den ganzen Speicher).")
        return
    for finding in report.findings:
        click.secho(f"Warnung (Kernprofil): {finding.sentence()}", err=True, fg="yellow")


@click.command("query")
@store_options
@click.option("--format", "fmt", type=click.Choice(CLI_FORMATS), default="table", show_default=True,
              help="Output format; json/xml/csv/tsv are the SPARQL 1.1 result formats.")
@click.option("--question", metavar="NAME", help="Ask a question of the catalogue instead of QUERY "
              "(`--question list` lists them).")
@click.option("--param", "params", metavar="KEY=VALUE", multiple=True,
              help="A parameter of the question: a label, slug or IRI, or a number.")
@click.argument("sparql", metavar="QUERY", required=False)
def query_command(store, update_endpoint, empty, fmt, question, params, sparql):
    """Run a SPARQL query: QUERY is SPARQL text or the path of a .rq file."""
    if (question is None) == (sparql is None):
        raise click.UsageError("give either QUERY or --question NAME")
    if question == "list":
        click.echo(questions_text())
        return
    text = None if question else read_query_argument(sparql)
    if backend_for(store or default_store_path()).remote:  # reached over the network: the text check alone
        output, note = answer(store, update_endpoint, empty, question, params, text, fmt)
    else:
        (output, note), no_wall = run_offline(answer, store, update_endpoint, empty, question, params, text, fmt)
        if no_wall is not None:
            click.echo(describe(no_wall, "this query"), err=True)
    click.get_binary_stream("stdout").write(output)
    if note:   # on stderr, so that the answer on stdout stays a clean table for scripts
        click.echo(note, err=True)


def answer(store, update_endpoint, empty, question, params, text, fmt) -> tuple[bytes, str | None]:
    """The rendered answer to QUERY (``text``) or to a catalogue question, from the store ``store`` names,
    and for a question that counts anonymised cases the note with the study's totals beside them."""
    with opened_store(store, update_endpoint, empty, read_only=True) as handle:
        if not question:
            return render(run_query(handle, text), fmt), None
        result = run_query(handle, question_query(handle, question, params))
        rendered = render(result, fmt)
        answered = json.loads(render(result, "json")) if result.type == "SELECT" else None
        return rendered, study_note(handle, question_named(question), answered, restricted=bool(params))


def question_query(store, name: str, params) -> str:
    """The catalogue question ``name`` with its ``KEY=VALUE`` parameters bound."""
    question = question_named(name)
    given = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise KoopgraphError(f"--param {item!r} is not KEY=VALUE", hint="E.g. --param landkreis=Ravensburg.")
        given[key.strip()] = value
    return bound_query(question, resolve(store, question, given))


def questions_text() -> str:
    """The catalogue as plain text: name, German title, parameters."""
    lines = []
    for question in catalogue().values():
        params = " ".join(f"--param {p.name}=…" + ("" if not p.optional else " (optional)")
                          for p in question.parameters)
        lines.append(f"{question.name}\n    {question.title_de}\n    {params}".rstrip())
    return "\n".join(lines)


@click.command("export")
@store_options
@click.option("--graph", metavar="IRI", help="Export only this named graph.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES),
              help="RDF format (default: from -o's extension, else TriG, or Turtle for one graph).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--template", "as_template", is_flag=True, help="Write the graph of an import (--graph NAME) "
              "back as the import template's workbook (-o FILE.xlsx).")
def export_command(store, update_endpoint, empty, graph, fmt, output, as_template):
    """Export the whole store or one named graph (or, with --template, an import as its workbook)."""
    if as_template:
        if not graph or output is None:
            raise click.UsageError("--template needs --graph NAME and -o FILE.xlsx")
        from ..imports.export import export_template
        with opened_store(store, update_endpoint, empty) as handle:
            actors, relations = export_template(handle, graph, output)
        click.echo(f"{output}: {actors} Akteure, {relations} Beziehungen")
        return
    rdf_format = export_format(graph, fmt, output)
    with opened_store(store, update_endpoint, empty, read_only=True) as handle:
        if graph is not None and graph not in {str(g) for g in handle.graph_sizes()}:
            raise KoopgraphError(f"the store has no graph <{graph}>", hint="See `koopgraph stats` for its graphs.")
        if output is None:
            handle.dump(click.get_binary_stream("stdout"), rdf_format, graph)
        else:
            write_whole(output, lambda out: handle.dump(out, rdf_format, graph))


def write_whole(path: Path, write) -> None:
    """``write(stream)`` into ``path``, which appears only when all was written (else stays as it was)."""
    partial = path.with_name(f".{path.name}.part")
    try:
        with open(partial, "wb") as out:
            write(out)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def export_format(graph, fmt, output):
    """The export format: asked for, else from the file name, else TriG/Turtle."""
    if fmt:
        chosen = format_by_name(fmt)
    elif output is not None:
        chosen = rdf_format_for(output)
    else:
        chosen = format_by_name("turtle" if graph else "trig")
    if graph is None and not chosen.holds_graphs:
        raise KoopgraphError(f"{chosen.name} cannot hold named graphs",
                             hint="Export the whole store as trig, nquads or jsonld, or give --graph.")
    return chosen


@click.command("stats")
@store_options
@click.option("--top", default=20, show_default=True, help="How many classes and properties to list.")
def stats_command(store, update_endpoint, empty, top):
    """Triples per named graph, instances per class, most used properties."""
    with opened_store(store, update_endpoint, empty, read_only=True) as handle:
        click.echo(stats_text(store_stats(handle, top)))


@click.command("validate")
@store_options
@click.option("--profile", "profiles", type=click.Choice(PROFILES), multiple=True,
              help="Only this profile: core (every data set) or study (the study's graphs); default both.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def validate_command(store, update_endpoint, empty, profiles, files):
    """Check data against koopgraph's SHACL shapes: FILEs, or the store if none given.

    The core profile applies to everything, the study profile (Anhang I columns, a section on every
    statement) to the study's named graphs only. Exit code 1 when there are violations; warnings pass.
    """
    profiles = profiles or PROFILES
    if files:
        handle = open_store("memory", empty=True)
        load_files(handle, files)
        report = validate_store(handle, profiles)
    else:
        with opened_store(store, update_endpoint, empty, read_only=True) as handle:
            report = validate_store(handle, profiles)
    for finding in report.findings:
        click.echo(finding.sentence())
    click.echo(f"{len(report.violations)} violations, {len(report.warnings)} warnings.")
    if not report.conforms:
        sys.exit(1)


DATA_COMMANDS = [load_command, query_command, export_command, stats_command, validate_command, *IMPORT_COMMANDS,
                 *NETWORK_COMMANDS, *SCALE_COMMANDS]
