"""Positions for network views: administrative levels, and a force layout for large views.

The levels layout puts the Bund on top, the Länder below, then Kreise and kreisfreie
Städte, then kreisangehörige Kommunen, each under its parent; nodes without a level
(programmes, actors, cases) form a last row, each under the mean of its neighbours.
Large views get force-directed positions from networkx, so the browser can switch
its own physics off.
"""

from __future__ import annotations

from collections import defaultdict

from .netview import View

LEVEL_GAP = 260.0     # vertical distance between levels
SLOT = 90.0           # horizontal room per leaf
OTHER_LEVEL = 4
SERVER_LAYOUT_ABOVE = 300  # views with more nodes get server positions and no physics


def parent_of(view: View) -> dict:
    """Each node's parent one level up: county, else Land, else the Bund."""
    by_level = defaultdict(list)
    for node in view.nodes.values():
        by_level[node.level].append(node.iri)
    bund = by_level[0][0] if by_level[0] else None
    parents = {}
    for node in view.nodes.values():
        if node.level == 3 and node.county in view.nodes:
            parents[node.iri] = node.county
        elif node.level in (2, 3) and node.facets.get("land") in view.nodes:
            parents[node.iri] = node.facets["land"]
        elif node.level == 1 and bund is not None:
            parents[node.iri] = bund
    return parents


def level_positions(view: View) -> dict:
    """x, y for every node of ``view`` in the administrative levels layout."""
    parents = parent_of(view)
    children = defaultdict(list)
    for child, parent in parents.items():
        children[parent].append(child)
    label = {iri: node.label.lower() for iri, node in view.nodes.items()}
    positions: dict = {}
    next_slot = [0.0]

    def place(iri, level):
        kids = sorted(children.get(iri, ()), key=label.get)
        for kid in kids:
            place(kid, view.nodes[kid].level)
        if kids:
            x = sum(positions[k][0] for k in kids) / len(kids)
        else:
            x, next_slot[0] = next_slot[0], next_slot[0] + SLOT
        positions[iri] = (x, level * LEVEL_GAP)

    roots = [n for n in view.nodes.values() if n.level is not None and n.iri not in parents]
    for root in sorted(roots, key=lambda n: (n.level, label[n.iri])):
        place(root.iri, root.level)
    _place_others(view, positions, label)
    return positions


def _place_others(view: View, positions: dict, label: dict) -> None:
    """Unlevelled nodes in a last row, ordered by the mean x of their placed neighbours."""
    others = [iri for iri, node in view.nodes.items() if node.level is None]
    near = defaultdict(list)
    for e in view.edges:
        if e.target in positions:
            near[e.source].append(positions[e.target][0])
        if e.source in positions:
            near[e.target].append(positions[e.source][0])
    wanted = {iri: (sum(near[iri]) / len(near[iri]) if near[iri] else float("inf")) for iri in others}
    x = min((p[0] for p in positions.values()), default=0.0)
    for iri in sorted(others, key=lambda i: (wanted[i], label[i])):
        x = max(x + SLOT, wanted[iri]) if wanted[iri] != float("inf") else x + SLOT
        positions[iri] = (x, OTHER_LEVEL * LEVEL_GAP)


def force_positions(view: View, seed: int = 7) -> dict:
    """Force-directed positions (networkx spring layout), scaled to vis-network's pixels."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(view.nodes)
    graph.add_edges_from((e.source, e.target) for e in view.edges)
    scale = 60.0 * max(len(view.nodes), 1) ** 0.5
    layout = nx.spring_layout(graph, seed=seed, iterations=60)
    return {iri: (float(x) * scale, float(y) * scale) for iri, (x, y) in layout.items()}


def place(view: View, layout: str) -> View:
    """Set node positions for ``layout`` ("ebenen" or "kraft"); small force views are left to the browser."""
    if layout == "ebenen":
        positions, view.positions = level_positions(view), "levels"
    elif len(view.nodes) > SERVER_LAYOUT_ABOVE:
        positions, view.positions = force_positions(view), "force"
    else:
        return view
    for iri, (x, y) in positions.items():
        view.nodes[iri].x, view.nodes[iri].y = round(x, 1), round(y, 1)
    return view
