"""The network commands of ``koopgraph``: network, analyze, paths, profiles, position (thin)."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import click

from ..network.export import NETWORK_FORMATS, network_format, write_network
from ..network.metrics import (
    METRICS,
    AnalysisOptions,
    choose_metrics,
    ego_network,
    metric_table,
)
from ..network.paths import PATH_RELATIONS, find_node, scaling_up_paths
from ..network.position import NUMERIC_DEFAULT, structure_vs_position
from ..network.profiles import county_profiles
from ..network.projection import WEIGHTS, Projection, choose, project
from ..network.report import ROW_FORMATS, render_rows
from ..network.writeback import METRICS_GRAPH, metrics_rdf, replace_metrics_graph
from ..relations import NODE_KINDS, RELATION_GROUPS
from ..settings import setting_options
from ..store import open_store

store_options = setting_options("store", "update_endpoint", "empty")


def projection_options(func):
    """--relations, --nodes, --directed, --weight, --isolated."""
    options = [
        click.option("--relations", metavar="GROUPS", help="Comma-separated relation groups "
                     f"(default: all): {', '.join(RELATION_GROUPS)}."),
        click.option("--nodes", metavar="KINDS", help=f"Comma-separated node kinds (default: all): {', '.join(NODE_KINDS)}."),
        click.option("--directed", is_flag=True, help="Keep edge direction (subject -> object)."),
        click.option("--weight", type=click.Choice(WEIGHTS), default="relations", show_default=True,
                     help="Edge weight: number of relations, or of tasks named on them, between two nodes."),
        click.option("--isolated", is_flag=True, help="Also municipalities without any chosen edge."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def chosen_projection(relations, nodes, directed, weight, isolated) -> Projection:
    return Projection(choose(relations, RELATION_GROUPS, "relation group"), choose(nodes, NODE_KINDS, "node kind"),
                      directed, weight, isolated)


def opened(store, update_endpoint, empty):
    return closing(open_store(store, update_endpoint=update_endpoint, empty=empty))


def emit(text: str | bytes, output: Path | None) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    if output is None:
        click.get_binary_stream("stdout").write(data)
    else:
        output.write_bytes(data)


@click.command("network")
@store_options
@projection_options
@click.option("--ego", metavar="NODE", help="Only the ego network of NODE (IRI or label).")
@click.option("--radius", default=1, show_default=True, type=click.IntRange(0), help="Hops around --ego.")
@click.option("--format", "fmt", type=click.Choice(list(NETWORK_FORMATS)),
              help="graphml/gexf (Gephi), json (node-link, d3/Cytoscape), csv (edge list). Default: from -o, else graphml.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
def network_command(store, update_endpoint, empty, relations, nodes, directed, weight, isolated, ego, radius, fmt,
                    output):
    """Export the projected cooperation network for Gephi, d3, Cytoscape or a spreadsheet."""
    projection = chosen_projection(relations, nodes, directed, weight, isolated)
    fmt = network_format(fmt, str(output) if output else None)
    with opened(store, update_endpoint, empty) as handle:
        graph = project(handle, projection)
    if ego:
        graph = ego_network(graph, find_node(graph, ego), radius)
    emit(write_network(graph, fmt), output)
    if output is not None:
        click.echo(f"{output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges ({fmt})", err=True)


@click.command("analyze")
@store_options
@projection_options
@click.option("--metric", "metrics", multiple=True, metavar="NAME",
              help=f"Measure (repeatable; default degree): {', '.join(METRICS)}.")
@click.option("--top", type=click.IntRange(1), help="Only the N highest-ranked nodes (by the first measure).")
@click.option("--seed", default=42, show_default=True, help="Seed for Louvain and sampled betweenness.")
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
@click.option("--write-back", is_flag=True, help=f"Replace the graph <{METRICS_GRAPH}> with the measures of all nodes.")
def analyze_command(store, update_endpoint, empty, relations, nodes, directed, weight, isolated, metrics, top, seed,
                    fmt, write_back):
    """Network measures per node: one row per node with node (IRI), label and one column per measure."""
    projection = chosen_projection(relations, nodes, directed, weight, isolated)
    names = choose_metrics(metrics)
    options = AnalysisOptions(seed=seed)
    with opened(store, update_endpoint, empty) as handle:
        started = datetime.now(timezone.utc)
        graph = project(handle, projection)
        table = metric_table(graph, names, options)
        if write_back:
            count = replace_metrics_graph(handle, metrics_rdf(graph, table, started))
            click.echo(f"{count} triples written to <{METRICS_GRAPH}>", err=True)
    extra = {"metrics": [{"name": r.name, "algorithm": r.algorithm, "parameters": r.parameters} for r in table.results],
             "projection": projection.describe(), "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    emit(render_rows(table.columns, table.rows[:top] if top else table.rows, fmt, extra), None)


@click.command("paths")
@store_options
@click.option("--relations", metavar="GROUPS", help=f"Relation groups to walk (default: {','.join(PATH_RELATIONS)}).")
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
@click.argument("start", metavar="MUNICIPALITY")
def paths_command(store, update_endpoint, empty, relations, fmt, start):
    """Scaling-up paths: every shortest path from MUNICIPALITY (IRI or label, also a case) to Land and Bund."""
    groups = choose(relations, RELATION_GROUPS, "relation group") if relations else PATH_RELATIONS
    with opened(store, update_endpoint, empty) as handle:
        result = scaling_up_paths(handle, start, groups)
    if fmt == "json":
        emit(json.dumps(result.as_dict(), ensure_ascii=False, indent=1) + "\n", None)
        return
    rows = [{"level": level, "length": p.length, "target": p.target_label,
             "path": " → ".join([p.steps[0].source_label] + [s.target_label for s in p.steps]),
             "sources": "; ".join(sorted({src for s in p.steps for src in s.sources}))}
            for level, paths in result.paths.items() for p in paths]
    click.echo(f"Scaling-up paths from {result.start_label} <{result.start}> over {', '.join(result.relations)}:")
    emit(render_rows(["level", "length", "target", "path", "sources"], rows, fmt), None)
    for level, paths in result.paths.items():
        if not paths:
            click.echo(f"No path to the {level.capitalize()} level.")


@click.command("profiles")
@store_options
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
def profiles_command(store, update_endpoint, empty, fmt):
    """County profiles: each Landkreis with its members, tasks, exchange formats and density."""
    with opened(store, update_endpoint, empty) as handle:
        profiles = county_profiles(handle)
    if fmt == "json":
        emit(json.dumps([p.as_dict() for p in profiles], ensure_ascii=False, indent=1) + "\n", None)
        return
    rows = [{"county": p.label, "land": p.land_label, "members": len(p.members),
             "member_names": ", ".join(m["label"] for m in p.members),
             "tasks": "; ".join(f"{t} ({n})" for t, n in p.tasks.items()),
             "exchange_formats": len(p.exchange_formats), "density": p.density, "iri": p.county} for p in profiles]
    columns = ["county", "land", "members", "member_names", "tasks", "exchange_formats", "density", "iri"]
    emit(render_rows(columns, rows, fmt), None)


@click.command("position")
@store_options
@click.option("--relations", metavar="GROUPS", help="Relation groups (default: all).")
@click.option("--metric", "metrics", multiple=True, metavar="NAME",
              help=f"Numeric measure (repeatable; default: {', '.join(NUMERIC_DEFAULT)}).")
@click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True)
def position_command(store, update_endpoint, empty, relations, metrics, fmt):
    """Structure vs. position: measures of municipalities by rurality, socio-economic situation and type."""
    projection = Projection(choose(relations, RELATION_GROUPS, "relation group"), isolated=True)
    names = choose_metrics(metrics) if metrics else list(NUMERIC_DEFAULT)
    with opened(store, update_endpoint, empty) as handle:
        rows = structure_vs_position(project(handle, projection), names)
    columns = ["attribute", "value", "n", *(f"{m}_{s}" for m in names for s in ("mean", "median"))]
    emit(render_rows(columns, rows, fmt), None)


NETWORK_COMMANDS = [network_command, analyze_command, paths_command, profiles_command, position_command]
