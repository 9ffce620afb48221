"""The network's look is a pure function of RDF terms: node class → colour and shape, edge group → line."""

from __future__ import annotations

from pathlib import Path

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


def test_tooltips_are_plain_text_with_label_type_and_named_facets():
    land = URIRef("https://w3id.org/koopgraph/id/land/thueringen")
    rural = URIRef("https://w3id.org/koopgraph/id/konzept/laendlichkeit/sehr-laendlich")
    node = Node(URIRef("https://w3id.org/koopgraph/id/kommune/x"), label=EVIL, type=KG.KreisangehoerigeKommune,
                facets={"rurality": {rural}, "land": {land}, "typ": {KG.KreisangehoerigeKommune}})
    labels = {land: "Thüringen", rural: "sehr ländlich"}
    tip = network_style.node_tooltip(node, labels)
    assert tip.split("\n") == [EVIL, "Kreisangehörige Kommune", "Land: Thüringen", "Ländlichkeit: sehr ländlich"]
    vis = network_style.vis_node(node, labels)
    assert vis["title"] == tip and vis["label"] == EVIL     # passed on as text; vis-network sets innerText
    case = Node(URIRef("https://w3id.org/koopgraph/id/fall/12"), label="Fall #12", type=KG.Fall,
                facets={"typ": {KG.Landkreis}})
    assert network_style.node_tooltip(case, {KG.Landkreis: "Landkreis"}).split("\n")[-1] == "Typ: Landkreis"


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


def test_the_legend_of_a_view_lists_only_what_occurs_with_counts():
    legend = network_style.legend(small_view())
    assert [(e["label"], e["count"]) for e in legend["nodes"]] == [("Bund", 1), ("Land", 1)]
    assert [(e["group"], e["count"]) for e in legend["edges"]] == [("membership", 1)]
    assert legend["edges"][0]["meaning"].startswith("Verwaltungsgliederung")


def test_every_shape_has_a_legend_swatch_in_the_stylesheet():
    """The legend draws a node's shape with a CSS rule per shape (an unknown shape falls back to a circle)."""
    css = (Path(network_style.__file__).parents[1] / "static" / "koopgraph.css").read_text(encoding="utf-8")
    shapes = {look.shape for look in network_style.NODE_LOOKS.values()} | {network_style.OTHER_NODE.shape}
    missing = [s for s in shapes if s != "dot" and f".node-swatch.shape-{s} " not in css]
    assert not missing


# CVD simulation: colorspacious (Machado et al. 2009 at full severity); distance: CAM02-UCS ΔE'.
# 20 is about the distance of Okabe-Ito's blue and sky blue under deuteranopia: clearly apart side by side.
DISTINCT = 20.0


@pytest.mark.parametrize("vision", ["normal", "deuteranomaly", "protanomaly", "tritanomaly"])
def test_types_of_one_shape_keep_apart_for_colour_blind_readers(vision):
    import colorspacious

    def seen(hex_colour):
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        if vision == "normal":
            return rgb
        return colorspacious.cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}, "sRGB1")

    looks = [*network_style.NODE_LOOKS.values(), network_style.OTHER_NODE]
    close = [(a.label, b.label, round(float(colorspacious.deltaE(seen(a.color), seen(b.color), input_space="sRGB1")), 1))
             for i, a in enumerate(looks) for b in looks[i + 1:] if a.shape == b.shape]
    assert all(distance >= DISTINCT for _, _, distance in close), [c for c in close if c[2] < DISTINCT]
    edges = list(network_style.EDGE_LOOKS.values())
    alike = [(a.label, b.label) for i, a in enumerate(edges) for b in edges[i + 1:]
             if (a.dashes, a.arrow) == (b.dashes, b.arrow)
             and colorspacious.deltaE(seen(a.color), seen(b.color), input_space="sRGB1") < DISTINCT]
    assert not alike


def test_vis_data_are_pyvis_own_with_its_node_ids_looked_up_in_a_set(monkeypatch):
    """to_pyvis gives pyvis its node ids as a list looked up in a set (pyvis's own list made the whole base
    layer's vis data quadratic: 17.8 s of 24 s); nodes, edges and options stay what pyvis builds with its
    list, a node added twice is kept once, and an edge to an unknown node is still refused."""
    place = lambda name: URIRef(f"https://example.org/{name}")     # noqa: E731
    nodes = {place(n): Node(place(n), n.upper(), KG.KreisangehoerigeKommune) for n in "abcd"}
    group = next(iter(RELATION_GROUPS))
    edges = [Edge(place(a), place(b), KG.cooperatesWith, group, place("g"))
             for a, b in ("ab", "bc", "cd", "da")]
    view = View(nodes, edges, {})
    fast = network_style.to_pyvis(view)
    monkeypatch.setattr(network_style, "_NodeIds", list)          # pyvis's own list
    plain = network_style.to_pyvis(view)
    assert (fast.nodes, fast.edges, fast.options) == (plain.nodes, plain.edges, plain.options)
    assert len(fast.nodes) == 4 and len(fast.edges) == 4
    fast.add_node(str(place("a")))
    assert len(fast.nodes) == 4
    with pytest.raises(AssertionError, match="non existent node"):
        fast.add_edge(str(place("a")), "https://example.org/unbekannt")
