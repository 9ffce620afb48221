"""The map-like placement of the Länder clusters: compass directions between Land capitals (an atlas,
not the table under test) must hold between the placed clusters."""

from __future__ import annotations

import math

import pytest
from koopgraph.graph.netview.clusters import aggregated_view
from koopgraph.graph.netview.geo import CENTRES, land_name, map_positions

# (a, b, direction of b seen from a) — e.g. München lies south-east of Kiel
ATLAS = [("Schleswig-Holstein", "Bayern", "south"), ("Baden-Württemberg", "Bayern", "east"),
         ("Nordrhein-Westfalen", "Sachsen", "east"), ("Hessen", "Baden-Württemberg", "south"),
         ("Mecklenburg-Vorpommern", "Thüringen", "south"), ("Saarland", "Rheinland-Pfalz", "north"),
         ("Bremen", "Hamburg", "east"), ("Niedersachsen", "Sachsen-Anhalt", "east"),
         ("Berlin", "Sachsen", "south"), ("Sachsen-Anhalt", "Brandenburg", "east")]


def test_all_sixteen_laender_are_placed_apart():
    positions = map_positions({name: name for name in CENTRES})
    assert len(CENTRES) == 16 and len(set(positions.values())) == 16
    closest = min(math.dist(p, q) for a, p in positions.items() for b, q in positions.items() if a < b)
    assert closest > 60   # vis units: two dots and their labels do not sit on each other
    assert all(abs(x) <= 1000 and abs(y) <= 1000 for x, y in positions.values())


@pytest.mark.parametrize("a, b, direction", ATLAS)
def test_compass_directions_between_laender_hold(a, b, direction):
    positions = map_positions({name: name + " (synthetisch)" for name in CENTRES})
    (xa, ya), (xb, yb) = positions[a], positions[b]
    assert {"south": yb > ya, "north": yb < ya, "east": xb > xa}[direction]   # y grows downwards


def test_labels_are_matched_without_their_suffix_and_anything_else_falls_back():
    assert land_name("Bayern (synthetisch)") == "Bayern" and land_name("Sachsen-Anhalt") == "Sachsen-Anhalt"
    assert map_positions({"a": "Bayern", "b": "Atlantis"}) is None
    assert map_positions({"a": "Bayern", "b": "Bayern (synthetisch)"}) is None   # two Bayern: no map
    assert map_positions({}) is None


def test_germany_view_of_the_synthetic_graph_lies_like_the_map(synthetic_xs):
    from koopgraph.graph.store import open_store

    store = open_store(str(synthetic_xs[1]))
    try:
        view = aggregated_view(store, "land")
    finally:
        store.close()
    where = {land_name(c.label): (c.x, c.y) for c in view.clusters.values()}
    assert set(where) == {"Hamburg", "Bremen", "Saarland"}
    assert where["Hamburg"][1] < where["Saarland"][1] and where["Bremen"][0] < where["Hamburg"][0]
