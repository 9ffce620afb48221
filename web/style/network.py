"""How the network looks: colour and shape per node type, line style per relation group.

Pure functions of RDF terms (a node's class IRI, an edge's kg:edgeGroup value), so they can be
tested alone; :func:`to_pyvis` builds a pyvis ``Network`` from a view. The HTML around it
is the app's own template (pyvis's template loads scripts from CDNs and does not escape).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from koopgraph.graph.namespaces import KG
from koopgraph.graph.netview.view import Edge, Node, View
from koopgraph.graph.relations import (
    CHANNEL_SCHEME,
    LEVEL_SCHEME,
    NODE_CLASSES,
    RELATION_GROUPS,
    RELATION_MEANINGS,
)
from rdflib import URIRef


@dataclass(frozen=True)
class NodeLook:
    label: str      # legend text (German)
    color: str
    shape: str      # a vis-network shape
    size: int


@dataclass(frozen=True)
class EdgeLook:
    label: str
    color: str
    width: float
    dashes: bool
    arrow: bool     # an arrowhead at the target (scaling-up points to Land and Bund)


# Colours: the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), meant to stay apart for
# the common colour vision deficiencies; types that share a shape never share a colour, and every
# pair of them stays apart under simulated deutan, protan and tritan vision (tests/test_style_network.py).
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION, PURPLE, GREY = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
OTHER_NODE = NodeLook("Sonstige", GREY, "dot", 9)
NODE_LOOKS: dict[URIRef, NodeLook] = {
    KG.Bund: NodeLook("Bund", BLACK, "star", 30),
    KG.EuropaeischeUnion: NodeLook("Europäische Union", BLUE, "star", 24),
    KG.Land: NodeLook("Land", BLUE, "hexagon", 22),
    KG.Landkreis: NodeLook("Landkreis", GREEN, "square", 15),
    KG.KreisfreieStadt: NodeLook("Kreisfreie Stadt", ORANGE, "diamond", 16),
    KG.KreisangehoerigeKommune: NodeLook("Kreisangehörige Kommune", SKY, "dot", 11),
    KG.Foerderprogramm: NodeLook("Förderprogramm", YELLOW, "square", 13),
    KG.Fall: NodeLook("Fall (anonymisiert)", VERMILION, "dot", 9),
    KG.AkteurAndererEbenen: NodeLook("Akteur auf Landes- oder Bundesebene", BLACK, "triangle", 13),
    KG.VerwaltungsinternerAkteur: NodeLook("Akteur in der Verwaltung", BLUE, "triangle", 11),
    KG.VerwaltungsexternerAkteur: NodeLook("Akteur außerhalb der Verwaltung", VERMILION, "triangle", 11),
    KG.Akteursgruppe: NodeLook("Akteursgruppe (nicht benannt)", GREY, "triangle", 11),
    KG.Akteur: NodeLook("Akteur", YELLOW, "triangle", 11),
    CHANNEL_SCHEME: NodeLook("Einflusskanal", VERMILION, "triangleDown", 14),
    LEVEL_SCHEME: NodeLook("Zielebene (Land, Bund)", YELLOW, "star", 20),
}
SHAPES = ("dot", "square", "diamond", "triangle", "triangleDown", "hexagon", "star")   # legend swatches exist

EDGE_LOOKS: dict[str, EdgeLook] = {
    "county-municipality": EdgeLook(RELATION_GROUPS["county-municipality"], GREEN, 2.0, False, False),
    "inter-municipal": EdgeLook(RELATION_GROUPS["inter-municipal"], ORANGE, 2.0, False, False),
    "scaling-up": EdgeLook(RELATION_GROUPS["scaling-up"], VERMILION, 2.0, False, True),
    "programme": EdgeLook(RELATION_GROUPS["programme"], PURPLE, 1.5, True, True),
    "membership": EdgeLook(RELATION_GROUPS["membership"], GREY, 1.0, False, True),
    "other": EdgeLook(RELATION_GROUPS["other"], BLACK, 1.0, True, False),
}
# Kinds whose labels /netzwerk shows at the overview zoom, besides the best-connected nodes (at most
# a few of one type, so that the labels spread over the picture instead of piling up in one cluster).
ALWAYS_LABELLED = {KG.Bund, KG.EuropaeischeUnion, CHANNEL_SCHEME, LEVEL_SCHEME}
LABELLED_BY_DEGREE, LABELLED_PER_TYPE = 10, 3


def border_of(colour: str) -> str:
    """A darker shade of ``colour`` for the node's outline, so light fills (yellow) show on white."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 0.55) for c in (red, green, blue)))


def vis_colour(colour: str) -> dict:
    """vis-network's colour object: the fill with a darker outline, black when selected."""
    border = border_of(colour)
    return {"background": colour, "border": border, "highlight": {"background": colour, "border": BLACK},
            "hover": {"background": colour, "border": border}}


def node_look(node_type: URIRef | None) -> NodeLook:
    """The look of a node shown as ``node_type`` (a class IRI of relations.NODE_CLASSES)."""
    return NODE_LOOKS.get(node_type, OTHER_NODE)


def edge_look(group) -> EdgeLook:
    """The look of a browsing edge of ``group`` (a kg:edgeGroup value such as "scaling-up")."""
    return EDGE_LOOKS.get(str(group), EDGE_LOOKS["other"])


def legend(view: View | None = None) -> dict:
    """Legend entries for node types and relation groups, in display order; with ``view``, only the
    types and groups that occur in it (with their counts), each group with what it means."""
    types = None if view is None else Counter(node_look(n.type) for n in view.nodes.values())
    groups = None if view is None else Counter(edge_look(e.group) for e in view.edges)
    looks = [NODE_LOOKS[c.iri] for c in NODE_CLASSES if c.iri in NODE_LOOKS] + [OTHER_NODE]
    nodes = [{"type": _type_of(look), **asdict(look), **({"count": types[look]} if types else {})}
             for look in dict.fromkeys(looks) if types is None or types[look]]
    edges = [{"group": g, **asdict(look), "meaning": RELATION_MEANINGS[g], **({"count": groups[look]} if groups else {})}
             for g, look in EDGE_LOOKS.items() if groups is None or groups[look]]
    return {"nodes": nodes, "edges": edges}


def _type_of(look: NodeLook) -> str | None:
    return next((str(iri) for iri, known in NODE_LOOKS.items() if known == look), None)


FACET_NAMES = {"land": "Land", "typ": "Typ", "rurality": "Ländlichkeit", "situation": "Sozioökonomische Lage"}


def node_tooltip(node: Node, facet_labels: dict) -> str:
    """Plain text shown on hover: label, type and each facet with its name ("Land: Thüringen");
    vis-network sets it as text, not HTML."""
    lines = [node.label, node_look(node.type).label]
    for facet, values in sorted(node.facets.items(), key=lambda item: list(FACET_NAMES).index(item[0])
                                if item[0] in FACET_NAMES else len(FACET_NAMES)):
        if facet == "typ" and set(values) <= {node.type}:   # the type line says it already
            continue
        shown = ", ".join(sorted(facet_labels.get(v, str(v)) for v in values))
        lines.append(f"{FACET_NAMES.get(facet, facet)}: {shown}" if shown else "")
    return "\n".join(dict.fromkeys(line for line in lines if line))


def vis_node(node: Node, facet_labels: dict) -> dict:
    """The vis-network options of one node, with the facts the page filters and searches on."""
    look = node_look(node.type)
    options = {"label": node.label, "shape": look.shape, "color": vis_colour(look.color), "size": look.size,
               "title": node_tooltip(node, facet_labels), "kind": look.label,
               "type": str(node.type) if node.type else None,
               "facets": {f: sorted(str(v) for v in values) for f, values in node.facets.items()}}
    if node.level is not None:
        options["level"] = node.level
    if node.x is not None:
        options.update(x=node.x, y=node.y, physics=False)
    return options


def labelled_at_overview(view: View, best: int = LABELLED_BY_DEGREE, per_type: int = LABELLED_PER_TYPE) -> list:
    """The nodes whose labels the overview shows, most important first: the ``best`` best-connected
    nodes of the view, at most ``per_type`` of one type (ties by label), then the Bund, the EU, target
    levels and channels. A small screen shows the first few."""
    degree = Counter(n for e in view.edges for n in (e.source, e.target))
    chosen: list = []
    taken: Counter = Counter()
    for node in sorted(view.nodes.values(), key=lambda n: (-degree[n.iri], n.label)):
        if len(chosen) >= best or not degree[node.iri]:
            break
        if taken[node.type] < per_type:
            chosen.append(node.iri)
            taken[node.type] += 1
    always = sorted((n for n in view.nodes.values() if n.type in ALWAYS_LABELLED), key=lambda n: (-degree[n.iri], n.label))
    return list(dict.fromkeys(chosen + [n.iri for n in always]))


def edge_tooltip(edge: Edge, relation_labels: dict) -> str:
    """Plain text on hover: relation group, the relation's label and the sections it rests on."""
    lines = [edge_look(edge.group).label, relation_labels.get(edge.relation, "")]
    if edge.sections:
        lines.append("Quelle: " + ", ".join(edge.sections))
    return "\n".join(line for line in lines if line)


def vis_edge(edge: Edge, relation_labels: dict) -> dict:
    look = edge_look(edge.group)
    return {"id": edge.key, "color": look.color, "width": look.width, "dashes": look.dashes,
            "arrows": "to" if look.arrow else "", "group": edge.group, "relation": str(edge.relation),
            "graph": str(edge.graph), "via": [str(v) for v in edge.via], "sections": list(edge.sections),
            "title": edge_tooltip(edge, relation_labels)}


def vis_options(*, physics: bool) -> dict:
    """Network-wide vis-network options."""
    return {
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.008,
                                         "springLength": 110, "springConstant": 0.06, "avoidOverlap": 0.4},
                    "minVelocity": 1.0, "stabilization": {"iterations": 300, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}, "borderWidth": 1},
        "edges": {"smooth": {"enabled": True, "type": "continuous"}, "selectionWidth": 2},
    }


def to_pyvis(view: View, relation_labels: dict | None = None):
    """A pyvis Network for ``view`` (nodes, edges and options; its HTML is never used)."""
    from pyvis.network import Network

    network = Network(directed=True, cdn_resources="local")
    network.node_ids = _NodeIds()
    rank = {iri: index + 1 for index, iri in enumerate(labelled_at_overview(view))}
    for node in view.nodes.values():   # important: the rank among the nodes labelled at the overview (0: not)
        network.add_node(str(node.iri), **vis_node(node, view.labels), important=rank.get(node.iri, 0))
    for edge in view.edges:
        network.add_edge(str(edge.source), str(edge.target), **vis_edge(edge, relation_labels or {}))
    network.options = vis_options(physics=view.positions is None)
    return network


class _NodeIds(list):
    """pyvis 0.3 keeps a network's node ids in a list and looks both ends of every edge up in it
    (``Network.add_edge``), and every new node (``add_node``): quadratic, 17.8 s of 24 s for the
    whole base layer's ~12,900 nodes and ~20,900 edges (/netzwerk.json?basis=1, cProfile). The same
    list (pyvis only appends to it), looked up in a set."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set = set()

    def append(self, value) -> None:
        super().append(value)
        self._members.add(value)

    def __contains__(self, value) -> bool:
        return value in self._members
