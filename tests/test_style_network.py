"""The network's look is a pure function of RDF terms: node class → colour and shape, edge group → line."""

from __future__ import annotations

import pytest
from koopgraph.graph.namespaces import KG
from koopgraph.graph.netview.view import Edge, Node, View
from koopgraph.graph.relations import NODE_CLASSES, RELATION_GROUPS
from koopgraph.web.style import network as network_style
from rdflib import URIRef
from rdflib.namespace import SKOS

EVIL = '<img src=x onerror="alert(1)">'


# Classes of the table that /netzwerk never draws as such: relations are edges there, and a concept
# of a scheme without a look of its own is "Sonstige".
UNDRAWN = {KG.Kooperation, SKOS.Concept}


def test_every_node_class_has_its_own_colour_and_shape():
    drawn = [c.iri for c in NODE_CLASSES if c.iri not in UNDRAWN]
    looks = [network_style.node_look(cls) for cls in drawn]
    assert len({(look.color, look.shape) for look in looks}) == len(drawn)
    assert len({look.label for look in looks}) == len(drawn)
    assert network_style.OTHER_NODE not in looks
    assert set(network_style.NODE_LOOKS) == set(drawn)


@pytest.mark.parametrize("term", [None, URIRef("https://example.org/Unbekannt"), KG.Kooperation, KG.Befund])
def test_unknown_classes_look_like_other(term):
    assert network_style.node_look(term) == network_style.OTHER_NODE


def test_every_relation_group_has_a_line_style_and_scaling_up_points_upward():
    looks = {group: network_style.edge_look(group) for group in RELATION_GROUPS}
    assert len({(look.color, look.dashes) for look in looks.values()}) == len(RELATION_GROUPS)
    assert looks["scaling-up"].arrow
    assert not looks["inter-municipal"].arrow   # a symmetric relation has no direction
    assert network_style.edge_look("kein-bekannter-wert") == looks["other"]


def test_the_legend_lists_node_types_and_relation_groups_in_order():
    legend = network_style.legend()
    assert [entry["group"] for entry in legend["edges"]] == list(RELATION_GROUPS)
    assert [entry["type"] for entry in legend["nodes"]][:-1] == [str(c.iri) for c in NODE_CLASSES
                                                                  if c.iri not in UNDRAWN]


def test_tooltips_are_plain_text_with_label_type_and_facets():
    land = URIRef("https://w3id.org/koopgraph/id/land/thueringen")
    node = Node(URIRef("https://w3id.org/koopgraph/id/kommune/x"), label=EVIL, type=KG.KreisangehoerigeKommune,
                facets={"land": {land}, "typ": {KG.KreisangehoerigeKommune}})
    tip = network_style.node_tooltip(node, {land: "Thüringen"})
    assert tip.split("\n") == [EVIL, "Kreisangehörige Kommune", "Thüringen"]
    vis = network_style.vis_node(node, {land: "Thüringen"})
    assert vis["title"] == tip and vis["label"] == EVIL     # passed on as text; vis-network sets innerText


def small_view(positions=None) -> View:
    a, b = URIRef("https://x/a"), URIRef("https://x/b")
    nodes = {a: Node(a, "A", KG.Land, 1, x=1.0 if positions else None, y=2.0 if positions else None),
             b: Node(b, "B", KG.Bund, 0)}
    edge = Edge(a, b, KG.inFederation, "membership", URIRef("https://x/g"))
    return View(nodes, [edge], positions=positions)


def test_to_pyvis_keeps_every_node_and_edge_with_its_look():
    network = network_style.to_pyvis(small_view())
    assert sorted(n["id"] for n in network.nodes) == ["https://x/a", "https://x/b"]
    (edge,) = network.edges
    look = network_style.edge_look("membership")
    assert (edge["from"], edge["to"], edge["color"], edge["group"]) == ("https://x/a", "https://x/b", look.color,
                                                                         "membership")
    assert edge["arrows"] == ("to" if look.arrow else "")
    assert network.options["physics"]["enabled"] is True


def test_server_positions_switch_physics_off():
    network = network_style.to_pyvis(small_view(positions="levels"))
    assert network.options["physics"]["enabled"] is False
    placed = next(n for n in network.nodes if n["id"] == "https://x/a")
    assert (placed["x"], placed["y"], placed["physics"]) == (1.0, 2.0, False)
