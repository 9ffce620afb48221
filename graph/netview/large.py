"""Positions for large network views (a whole Land, Germany): nested by Land, Kreis and Kommune.

A spring layout of the whole synthetic Germany (18,000 nodes, 150,000 edges at scale M)
takes minutes; this layout takes well under a second and shows the administrative
structure: the Länder are placed by a spring layout of the graph of Länder (weighted
by the edges between their Kommunen), each Land's Kreise (Landkreise and kreisfreie
Städte) by a spring layout of that Land's Kreis graph inside the Land's disc, and the
Gemeinden of a Landkreis on a sunflower spiral around it. Every other node (actors,
programmes, the Bund) stands at the mean place of its placed neighbours, moved a
little by a hash of its IRI, so no two nodes share a spot. Positions are computed once
for the whole network; every view cut from it takes its nodes' places from there.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import replace

from ..namespaces import KG
from .view import View

SPACING = 40.0          # distance between neighbouring Gemeinden (vis-network units)
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
KREISE = (KG.Landkreis, KG.KreisfreieStadt)


def kreis_and_land(view: View) -> dict:
    """For each Kommune and Land of ``view``: (its Land, its Kreis or itself)."""
    places = {}
    for iri, node in view.nodes.items():
        lands = sorted(node.facets.get("land", ()))
        if node.type == KG.Land:
            places[iri] = (iri, None)
        elif lands and node.type in KREISE:
            places[iri] = (lands[0], iri)
        elif lands and node.type == KG.KreisangehoerigeKommune:
            places[iri] = (lands[0], node.county or iri)
    return places


def _spring(nodes, weights: Counter, scale: float, seed: int) -> dict:
    """Seeded spring layout of ``nodes`` with weighted edges, centred on 0, radius ``scale``."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    if len(graph) == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    layout = nx.spring_layout(graph, seed=seed, weight="weight", scale=scale)
    return {n: (float(x), float(y)) for n, (x, y) in layout.items()}


def _cluster_weights(view: View, cluster_of: dict) -> Counter:
    weights = Counter()
    for e in view.edges:
        a, b = cluster_of.get(e.source), cluster_of.get(e.target)
        if a is not None and b is not None and a != b:
            weights[tuple(sorted((a, b)))] += 1
    return weights


def _sunflower(centre: tuple[float, float], members: list) -> dict:
    """Members on a spiral around ``centre`` (the first one at the centre itself)."""
    radius = SPACING * 0.62
    return {m: (centre[0] + radius * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE),
                centre[1] + radius * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE)) for i, m in enumerate(members)}


def municipal_positions(view: View, seed: int = 7) -> dict:
    """Places of the Länder, Kreise and Gemeinden of ``view`` (see the module text)."""
    places = kreis_and_land(view)
    land_of = {iri: land for iri, (land, _) in places.items()}
    members = Counter(land for land, kreis in places.values() if kreis is not None)
    lands = _spring(set(land_of.values()), _cluster_weights(view, land_of),
                    SPACING * 1.8 * math.sqrt(max(sum(members.values()), 1)), seed)
    positions = {}
    by_land = defaultdict(lambda: defaultdict(list))
    for iri, (land, kreis) in sorted(places.items()):
        if kreis is not None:
            by_land[land][kreis].append(iri)
    for land, (cx, cy) in lands.items():  # the Land itself just above its Kreise
        positions[land] = (cx, cy - SPACING * (1.1 * math.sqrt(members[land]) + 2))
    for land, kreise in by_land.items():
        kreis_of = {m: k for k, ms in kreise.items() for m in ms}
        inner = _spring(set(kreise), _cluster_weights(view, kreis_of),
                        SPACING * 1.1 * math.sqrt(members[land]), seed)
        cx, cy = lands[land]
        for kreis, kommunen in kreise.items():
            ordered = sorted(kommunen, key=lambda m: (m != kreis, str(m)))  # the Kreis itself in the middle
            positions.update(_sunflower((cx + inner[kreis][0], cy + inner[kreis][1]), ordered))
    return positions


def _jitter(iri) -> tuple[float, float]:
    digest = hashlib.sha1(str(iri).encode("utf-8")).digest()
    angle = digest[0] / 255 * 2 * math.pi
    distance = SPACING * (0.5 + 1.5 * digest[1] / 255)
    return distance * math.cos(angle), distance * math.sin(angle)


def nested_positions(view: View, seed: int = 7, known: dict | None = None) -> dict:
    """x, y for every node of ``view``; ``known`` places (e.g. of the whole network) are kept."""
    positions = dict(known) if known is not None else municipal_positions(view, seed)
    neighbours = defaultdict(list)
    for e in view.edges:
        neighbours[e.source].append(e.target)
        neighbours[e.target].append(e.source)
    free = sorted((iri for iri in view.nodes if iri not in positions), key=str)
    for _ in range(3):  # actors next to Kommunen first, then what only they reach
        placed = {}
        for iri in free:
            around = [positions[n] for n in neighbours[iri] if n in positions]
            if around:
                dx, dy = _jitter(iri)
                placed[iri] = (sum(p[0] for p in around) / len(around) + dx,
                               sum(p[1] for p in around) / len(around) + dy)
        positions.update(placed)
        free = [iri for iri in free if iri not in positions]
    positions.update({iri: _jitter(iri) for iri in free})
    return positions


def place_nested(view: View, positions: dict) -> View:
    """A copy of ``view`` whose nodes carry ``positions`` (nodes missing there placed beside their
    neighbours); the nodes of ``view`` itself are left as they are (they may be shared, cached)."""
    if any(iri not in positions for iri in view.nodes):
        positions = nested_positions(view, known=positions)
    nodes = {iri: replace(node, x=round(positions[iri][0], 1), y=round(positions[iri][1], 1))
             for iri, node in view.nodes.items()}
    return replace(view, nodes=nodes, positions="nested")


def detached(view: View) -> View:
    """A copy of ``view`` with copies of its nodes, safe to place when the view is shared."""
    return replace(view, nodes={iri: replace(node) for iri, node in view.nodes.items()})
