"""Network views as data: filters keep what the rule says, the levels layout stacks the levels."""

from __future__ import annotations

from koopgraph.graph.namespaces import KG
from koopgraph.graph.netview import layout as netlayout
from koopgraph.graph.netview.view import (
    Edge,
    Node,
    View,
    ViewFilter,
    apply_filter,
    facet_options,
)
from rdflib import URIRef

X = "https://w3id.org/koopgraph/id/"
BUND, BY, TH = URIRef(X + "bund"), URIRef(X + "land/by"), URIRef(X + "land/th")
KREIS, STADT, DORF = URIRef(X + "kreis"), URIRef(X + "stadt"), URIRef(X + "dorf")
PROGRAMM, FALL = URIRef(X + "programm"), URIRef(X + "fall")
RURAL = URIRef(X + "konzept/laendlichkeit/sehr")
G = URIRef("https://w3id.org/koopgraph/graph/test")


def node(iri, cls, level, **facets):
    return Node(iri, label=iri.rsplit("/", 1)[1], type=cls, level=level,
                facets={facet: {value} for facet, value in facets.items()},
                county=KREIS if iri == DORF else None)


def edge(a, b, group):
    return Edge(a, b, URIRef("https://x/" + group), group, G)


def sample_view() -> View:
    nodes = [node(BUND, KG.Bund, 0), node(BY, KG.Land, 1, land=BY), node(TH, KG.Land, 1, land=TH),
             node(KREIS, KG.Landkreis, 2, land=TH, typ=KG.Landkreis, rurality=RURAL),
             node(STADT, KG.KreisfreieStadt, 2, land=BY, typ=KG.KreisfreieStadt),
             node(DORF, KG.KreisangehoerigeKommune, 3, land=TH, typ=KG.KreisangehoerigeKommune, rurality=RURAL),
             node(PROGRAMM, KG.Foerderprogramm, None), node(FALL, KG.Fall, None)]
    edges = [edge(BY, BUND, "membership"), edge(TH, BUND, "membership"), edge(KREIS, TH, "membership"),
             edge(STADT, BY, "membership"), edge(DORF, KREIS, "membership"),
             edge(DORF, KREIS, "county-municipality"), edge(PROGRAMM, TH, "programme"),
             edge(DORF, PROGRAMM, "programme"), edge(FALL, PROGRAMM, "programme"),
             edge(FALL, BUND, "scaling-up")]
    return View({n.iri: n for n in nodes}, edges, labels={BY: "Bayern", TH: "Thüringen"})


def test_no_filter_keeps_everything():
    view = sample_view()
    assert apply_filter(view, ViewFilter()) == view


def test_a_relation_filter_keeps_only_those_edges_and_their_ends():
    kept = apply_filter(sample_view(), ViewFilter(relations=frozenset({"programme"})))
    assert {e.group for e in kept.edges} == {"programme"} and len(kept.edges) == 3
    assert set(kept.nodes) == {PROGRAMM, TH, DORF, FALL}


def test_a_land_filter_keeps_its_bodies_and_the_neutral_nodes_linked_to_them():
    kept = apply_filter(sample_view(), ViewFilter(land=frozenset({TH})))
    # Thüringen's bodies by their facet; the Bund and the programme are linked to them;
    # the case is linked only to the programme (no facet of its own, no facet-selected neighbour).
    assert set(kept.nodes) == {TH, KREIS, DORF, BUND, PROGRAMM}
    assert all(e.source in kept.nodes and e.target in kept.nodes for e in kept.edges)
    assert edge(STADT, BY, "membership") not in kept.edges


def test_facet_filters_combine_with_and():
    kept = apply_filter(sample_view(), ViewFilter(land=frozenset({TH}), typ=frozenset({KG.KreisangehoerigeKommune})))
    assert {n for n in kept.nodes if kept.nodes[n].facets.get("typ")} == {DORF}


def test_a_node_with_several_values_is_kept_if_any_is_selected():
    view = sample_view()
    view.nodes[FALL].facets["typ"] = {KG.Landkreis, KG.KreisangehoerigeKommune}   # printed twice
    kept = apply_filter(view, ViewFilter(typ=frozenset({KG.KreisangehoerigeKommune})))
    assert FALL in kept.nodes and DORF in kept.nodes and KREIS not in kept.nodes
    assert KREIS not in kept.nodes


def test_facet_options_are_the_values_present_with_labels():
    options = facet_options(sample_view())
    assert options["land"] == [(BY, "Bayern"), (TH, "Thüringen")]
    assert [iri for iri, _ in options["rurality"]] == [RURAL]


def test_levels_layout_stacks_bund_laender_kreise_kommunen_then_the_rest_and_cases_last():
    view = sample_view()
    positions = netlayout.level_positions(view)
    assert set(positions) == set(view.nodes)
    y = {iri: positions[iri][1] for iri in positions}
    rows = [[BUND], [BY, TH], [KREIS, STADT], [DORF], [PROGRAMM], [FALL]]
    for upper, lower in zip(rows, rows[1:]):
        assert max(y[n] for n in upper) < min(y[n] for n in lower)
    for row in rows:      # one row, give or take the stagger that keeps labels apart
        assert max(y[n] for n in row) - min(y[n] for n in row) <= netlayout.STAGGER
    x = {iri: positions[iri][0] for iri in positions}
    assert x[KREIS] == x[DORF]              # a county above its only municipality
    assert x[TH] == x[KREIS]                # a Land above the mean of its children
    assert len({(x[n], y[n]) for n in view.nodes}) == len(view.nodes)   # nobody on top of another


def test_scaling_up_edges_point_upward_in_the_levels_layout():
    view = sample_view()
    positions = netlayout.level_positions(view)
    for e in view.edges:
        if e.group == "scaling-up":
            assert positions[e.target][1] < positions[e.source][1]


def test_large_views_get_server_positions_small_ones_do_not():
    small = netlayout.place(sample_view(), "kraft")
    assert small.positions is None and all(n.x is None for n in small.nodes.values())
    nodes = {URIRef(f"{X}n{i}"): Node(URIRef(f"{X}n{i}"), str(i)) for i in range(netlayout.SERVER_LAYOUT_ABOVE + 1)}
    ring = [Edge(a, b, KG.cooperatesWith, "inter-municipal", G) for a, b in zip(nodes, list(nodes)[1:])]
    large = netlayout.place(View(nodes, ring), "kraft")
    assert large.positions == "force" and all(n.x is not None for n in large.nodes.values())


def ring_view(size: int) -> View:
    nodes = {URIRef(f"{X}r{i}"): Node(URIRef(f"{X}r{i}"), str(i)) for i in range(size)}
    iris = list(nodes)
    edges = [Edge(a, b, KG.cooperatesWith, "inter-municipal", G) for a, b in zip(iris, iris[1:] + iris[:1])]
    return View(nodes, edges)


def test_a_filtered_large_view_keeps_the_places_of_the_whole_network():
    whole = ring_view(netlayout.SERVER_LAYOUT_ABOVE + 50)
    netlayout.place(whole, "kraft")
    places = {iri: (n.x, n.y) for iri, n in whole.nodes.items()}
    part = ring_view(netlayout.SERVER_LAYOUT_ABOVE + 50)
    part.nodes.pop(next(iter(part.nodes)))          # a filter took one node away
    netlayout.place(part, "kraft", whole=ring_view(netlayout.SERVER_LAYOUT_ABOVE + 50))
    assert part.positions == "force"
    assert all((n.x, n.y) == places[iri] for iri, n in part.nodes.items())
