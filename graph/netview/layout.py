"""Positions for network views: administrative levels, a map, and a force layout for large views.

The levels layout draws the administrative tree top-down — Bund, Länder, Kreise and kreisfreie
Städte, kreisangehörige Kommunen — each under its parent. Other nodes with a level (actors and
programmes of the Bund or a Land, the target levels of scaling-up, the channels between Land and
Kreis) join their row; nodes without one (unnamed actor groups) form a row below, and the
anonymised cases the bottom row. Free nodes stand under the mean position of their neighbours,
so scaling-up edges from a case point upward.
Large views get force-directed positions from networkx, so the browser can switch physics off.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from ..namespaces import KG
from .geo import map_positions as land_positions
from .view import View

SLOT = 60.0           # horizontal room per node
ROW_GAP = (150.0, 420.0)   # vertical distance between rows: at least, at most (wide views get more)
STAGGER = 34.0        # every other node of a row this much lower, so labels do not overlap
OTHER_ROW = 4         # nodes without a level (unnamed actor groups …)
CASE_ROW = 5          # the anonymised cases, below everything they relate to
SERVER_LAYOUT_ABOVE = 300  # views with more nodes get server positions and no physics


def parent_of(view: View) -> dict:
    """Each administrative body's parent one level up: county, else Land, else the Bund."""
    bund = next((n.iri for n in view.nodes.values() if n.type == KG.Bund), None)
    parents = {}
    for node in view.nodes.values():
        lands = sorted(node.facets.get("land", ()))
        if node.level == 3 and node.county in view.nodes:
            parents[node.iri] = node.county
        elif node.level in (2, 3) and lands and lands[0] in view.nodes:
            parents[node.iri] = lands[0]
        elif node.level == 1 and node.iri in node.facets.get("land", ()) and bund is not None:
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

    def place(iri):
        kids = sorted(children.get(iri, ()), key=label.get)
        for kid in kids:
            place(kid)
        if kids:
            x = sum(positions[k][0] for k in kids) / len(kids)
        else:
            x, next_slot[0] = next_slot[0], next_slot[0] + SLOT
        positions[iri] = (x, row_of(view.nodes[iri]))

    roots = [iri for iri in children if iri not in parents]
    # row_of, not .level: a parent without a level of its own (an actor above a place) has one too
    for root in sorted(roots, key=lambda i: (row_of(view.nodes[i]), label[i])):
        place(root)
    _place_free_nodes(view, positions, label)
    return _spread_rows(positions)


def _spread_rows(positions: dict) -> dict:
    """Rows (y in level units) apart by a gap that keeps the drawing from being far wider than tall;
    every other node of a row a little lower, so that neighbouring labels do not overlap."""
    xs = [x for x, _ in positions.values()] or [0.0]
    gap = min(max(0.12 * (max(xs) - min(xs)), ROW_GAP[0]), ROW_GAP[1])
    rows = defaultdict(list)
    for iri, (x, y) in positions.items():
        rows[y].append((x, iri))
    spread = {}
    for y, members in rows.items():
        for index, (x, iri) in enumerate(sorted(members)):
            spread[iri] = (x, y * gap + (STAGGER if index % 2 else 0.0))
    return spread


def _place_free_nodes(view: View, positions: dict, label: dict) -> None:
    """Nodes outside the tree, row by row from the top, each under the mean x of its placed neighbours."""
    rows = defaultdict(list)
    for iri, node in view.nodes.items():
        if iri not in positions:
            rows[row_of(node)].append(iri)
    neighbours = defaultdict(list)
    for e in view.edges:
        neighbours[e.source].append(e.target)
        neighbours[e.target].append(e.source)
    left = min((p[0] for p in positions.values()), default=0.0)
    for level in sorted(rows):
        y = level
        wanted = {iri: _mean_x(neighbours[iri], positions) for iri in rows[level]}
        occupied = [p[0] for p in positions.values() if p[1] == y]
        x = left - SLOT
        for iri in sorted(rows[level], key=lambda i: (wanted[i] is None, wanted[i] or 0.0, label[i])):
            x = max(x + SLOT, wanted[iri]) if wanted[iri] is not None else x + SLOT
            while any(abs(x - other) < SLOT * 0.9 for other in occupied):
                x += SLOT
            positions[iri] = (x, y)
            occupied.append(x)


def row_of(node) -> float:
    """The row of a node without a place in the administrative tree."""
    if node.level is not None:
        return node.level
    return CASE_ROW if node.type == KG.Fall else OTHER_ROW


# The rows of the levels layout, named for the row labels /netzwerk draws beside them.
ROW_NAMES = {-1: "Europäische Union", 0: "Bund", 1: "Länder", 1.5: "Einflusskanäle", 2: "Kreise und kreisfreie Städte",
             3: "Kreisangehörige Kommunen", OTHER_ROW: "Akteure ohne Ebene", CASE_ROW: "Fälle (anonymisiert)"}


def level_rows(view: View) -> list[dict]:
    """The occupied rows of a view placed by the levels layout, top down: name and the y of its
    top (the row's other nodes are staggered below it); empty for other layouts."""
    if view.positions != "levels":
        return []
    tops: dict[float, float] = {}
    for node in view.nodes.values():
        if node.y is not None:
            row = row_of(node)
            tops[row] = min(tops.get(row, node.y), node.y)
    return [{"name": ROW_NAMES.get(row, ""), "y": y} for row, y in sorted(tops.items(), key=lambda item: item[1])]


def _mean_x(nodes, positions: dict) -> float | None:
    xs = [positions[n][0] for n in nodes if n in positions]
    return sum(xs) / len(xs) if xs else None


_FORCE_CACHE: dict[str, dict] = {}   # content digest of a view → its force positions
_FORCE_CACHE_SIZE = 8


def force_positions(view: View, seed: int = 7) -> dict:
    """Force-directed positions (networkx spring layout), scaled to vis-network's pixels.

    The layout is a pure function of the nodes and edges, and a large one takes seconds, so it is
    kept per content digest: the next request for the same network reuses it.
    """
    digest = _digest(view)
    if digest not in _FORCE_CACHE:
        if len(_FORCE_CACHE) >= _FORCE_CACHE_SIZE:
            _FORCE_CACHE.pop(next(iter(_FORCE_CACHE)))
        _FORCE_CACHE[digest] = _spring_layout(view, seed)
    return _FORCE_CACHE[digest]


def _spring_layout(view: View, seed: int) -> dict:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(view.nodes)
    graph.add_edges_from((e.source, e.target) for e in view.edges)
    scale = 60.0 * max(len(view.nodes), 1) ** 0.5
    layout = nx.spring_layout(graph, seed=seed, iterations=50 if len(view.nodes) < 1000 else 20)
    return {iri: (float(x) * scale, float(y) * scale) for iri, (x, y) in layout.items()}


def _digest(view: View) -> str:
    text = "\n".join(sorted(map(str, view.nodes))) + "\n--\n" + "\n".join(sorted(e.key for e in view.edges))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


MAP_EAST = 1100.0     # x of the first column of nodes without a seat, east of the map (Görlitz ~ 840)
MAP_TOP = -1000.0     # y of the top of those columns (List auf Sylt ~ -800)


def map_positions(view: View, seats: dict) -> dict:
    """x, y for the map layout: places at their seat, Länder at their middle, the Bund above the map;
    every other node (actors, programmes, the anonymised cases) in columns east of the map, by its
    row of the levels layout — never near a place, so that no case is put on the map."""
    positions = {iri: seats[iri] for iri in view.nodes if iri in seats}
    lands = {iri: n.label for iri, n in view.nodes.items() if iri not in positions and n.type == KG.Land}
    positions.update(land_positions(lands) or {})
    for iri, node in view.nodes.items():
        if node.type == KG.Bund and iri not in positions:
            positions[iri] = (0.0, MAP_TOP - 250.0)
    rest = sorted((iri for iri in view.nodes if iri not in positions),
                  key=lambda i: (row_of(view.nodes[i]), view.nodes[i].label.lower()))
    per_column = 24
    for index, iri in enumerate(rest):
        column, slot = divmod(index, per_column)
        positions[iri] = (MAP_EAST + 420.0 * column, MAP_TOP + 85.0 * slot)
    return positions


def place(view: View, layout: str, whole: View | None = None, seats: dict | None = None) -> View:
    """Set node positions for ``layout`` ("ebenen", "karte" with the places' ``seats``, or "kraft");
    small force views are left to the browser.

    A large force view takes its positions from ``whole`` (the unfiltered network it was cut from)
    when that has them all, so every filtered view of a large network shares one cached layout.
    """
    if layout == "ebenen":
        positions, view.positions = level_positions(view), "levels"
    elif layout == "karte":
        positions, view.positions = map_positions(view, seats or {}), "map"
    elif len(view.nodes) > SERVER_LAYOUT_ABOVE:
        source = whole if whole is not None and set(view.nodes) <= set(whole.nodes) else view
        positions, view.positions = force_positions(source), "force"
    else:
        return view
    for iri, node in view.nodes.items():
        node.x, node.y = (round(positions[iri][0], 1), round(positions[iri][1], 1))
    return view
