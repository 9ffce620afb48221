"""Structure vs. position: network measures of municipalities by rurality, situation and type.

For every value of a structural attribute (rurality, socio-economic situation,
type of municipality) the number of municipalities and the mean and median of
each measure among them. Only Landkreise, kreisfreie Städte and
kreisangehörige Kommunen count; project with ``isolated=True`` so that
municipalities without any edge count with their zero.
"""

from __future__ import annotations

from statistics import mean, median

from ..relations import MUNICIPALITY_KINDS
from .metrics import AnalysisOptions, MetricRunner, run_metric

STRUCTURE_ATTRIBUTES = {"rurality": "Ländlichkeit", "socioeconomic": "Sozioökonomische Lage", "kind": "Kommunaltyp"}
KIND_LABELS = {"landkreis": "Landkreis", "kreisfreie-stadt": "kreisfreie Stadt", "kommune": "kreisangehörige Kommune"}
NUMERIC_DEFAULT = ("degree", "betweenness", "closeness")
# Values shown in the order of their scale (the study's rurality, §2.3.2; the study's order of its three
# types), not alphabetically ("eher" before "nicht" before "sehr"); others alphabetically, "unbekannt" last.
VALUE_ORDER = {"rurality": ("nicht ländlich", "eher ländlich", "sehr ländlich"),
               "kind": ("kreisfreie Stadt", "Landkreis", "kreisangehörige Kommune")}


def structure_vs_position(graph, metrics=NUMERIC_DEFAULT, options: AnalysisOptions = AnalysisOptions(),
                          run: MetricRunner = run_metric) -> list[dict]:
    """One row per (attribute, value): ``n`` and ``<metric>_mean``, ``<metric>_median`` per measure.

    Municipalities without a value for an attribute are grouped under "unbekannt".
    ``run`` computes one measure, as :func:`run_metric` does (a cache can answer instead).
    """
    values = {name: run(name, graph, options).values for name in metrics}
    municipalities = [n for n, kind in graph.nodes(data="kind") if kind in MUNICIPALITY_KINDS]
    rows = []
    for attribute, title in STRUCTURE_ATTRIBUTES.items():
        groups: dict[str, list[str]] = {}
        for node in municipalities:
            groups.setdefault(group_value(graph, node, attribute), []).append(node)
        for value in sorted(groups, key=lambda v, a=attribute: in_order(a, v)):
            members = groups[value]
            row = {"attribute": attribute, "attribute_label": title, "value": value, "n": len(members)}
            for name in metrics:
                numbers = [values[name][m] for m in members]
                row[f"{name}_mean"] = round(mean(numbers), 6)
                row[f"{name}_median"] = round(median(numbers), 6)
            rows.append(row)
    return rows


def in_order(attribute: str, value: str) -> tuple:
    """Sort key: a value's place on its attribute's scale (:data:`VALUE_ORDER`), then the rest by name."""
    order = VALUE_ORDER.get(attribute, ())
    return (value == "unbekannt", order.index(value) if value in order else len(order), value)


def group_value(graph, node: str, attribute: str) -> str:
    value = graph.nodes[node].get(attribute)
    if attribute == "kind":
        return KIND_LABELS.get(value, value)
    return "unbekannt" if value is None else str(value)


def chart_series(rows: list[dict], attribute: str, metric: str) -> dict:
    """Bar-chart data for one attribute and measure: labels, means, counts."""
    chosen = [r for r in rows if r["attribute"] == attribute]
    return {"attribute": attribute, "metric": metric, "labels": [r["value"] for r in chosen],
            "values": [r[f"{metric}_mean"] for r in chosen], "n": [r["n"] for r in chosen]}
