"""How the network looks: colour and shape per node type, line style per relation group.

Pure functions of RDF terms (a node's class IRI, an edge's kg:edgeGroup value), so they can be
tested alone; :func:`to_pyvis` builds a pyvis ``Network`` from a view. The HTML around it
is the app's own template (pyvis's template loads scripts from CDNs and does not escape).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from koopgraph.graph.namespaces import KG
from koopgraph.graph.netview.view import Edge, Node, View
from koopgraph.graph.relations import CHANNEL_SCHEME, LEVEL_SCHEME, NODE_CLASSES, RELATION_GROUPS
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


OTHER_NODE = NodeLook("Sonstige", "#9aa5b1", "dot", 9)
NODE_LOOKS: dict[URIRef, NodeLook] = {
    KG.Bund: NodeLook("Bund", "#1b2a41", "star", 30),
    KG.EuropaeischeUnion: NodeLook("Europäische Union", "#003399", "star", 24),
    KG.Land: NodeLook("Land", "#1f5f99", "hexagon", 22),
    KG.Landkreis: NodeLook("Landkreis", "#2a9d8f", "square", 15),
    KG.KreisfreieStadt: NodeLook("Kreisfreie Stadt", "#e07a1f", "diamond", 16),
    KG.KreisangehoerigeKommune: NodeLook("Kreisangehörige Kommune", "#6a994e", "dot", 11),
    KG.Foerderprogramm: NodeLook("Förderprogramm", "#7b4ea3", "square", 13),
    KG.Fall: NodeLook("Interviewfall (anonym)", "#8d99ae", "dot", 8),
    KG.AkteurAndererEbenen: NodeLook("Akteur auf Landes- oder Bundesebene", "#c44536", "triangle", 13),
    KG.VerwaltungsinternerAkteur: NodeLook("Akteur in der Verwaltung", "#d4a017", "triangle", 11),
    KG.VerwaltungsexternerAkteur: NodeLook("Akteur außerhalb der Verwaltung", "#b5838d", "triangle", 11),
    KG.Akteursgruppe: NodeLook("Akteursgruppe (unbenannt)", "#a0a8b3", "triangleDown", 11),
    KG.Akteur: NodeLook("Akteur", "#9c6644", "triangle", 11),
    CHANNEL_SCHEME: NodeLook("Einflusskanal", "#e76f51", "dot", 14),
    LEVEL_SCHEME: NodeLook("Zielebene (Land, Bund)", "#e9c46a", "star", 20),
}

EDGE_LOOKS: dict[str, EdgeLook] = {
    "county-municipality": EdgeLook(RELATION_GROUPS["county-municipality"], "#2a9d8f", 2.0, False, False),
    "inter-municipal": EdgeLook(RELATION_GROUPS["inter-municipal"], "#6a994e", 2.0, False, False),
    "scaling-up": EdgeLook(RELATION_GROUPS["scaling-up"], "#c44536", 2.0, False, True),
    "programme": EdgeLook(RELATION_GROUPS["programme"], "#7b4ea3", 1.5, True, True),
    "membership": EdgeLook(RELATION_GROUPS["membership"], "#b8c2cc", 1.0, False, True),
    "other": EdgeLook(RELATION_GROUPS["other"], "#9c8f80", 1.0, True, False),
}


def node_look(node_type: URIRef | None) -> NodeLook:
    """The look of a node shown as ``node_type`` (a class IRI of relations.NODE_CLASSES)."""
    return NODE_LOOKS.get(node_type, OTHER_NODE)


def edge_look(group) -> EdgeLook:
    """The look of a browsing edge of ``group`` (a kg:edgeGroup value such as "scaling-up")."""
    return EDGE_LOOKS.get(str(group), EDGE_LOOKS["other"])


def legend() -> dict:
    """Legend entries for node types and relation groups, in display order."""
    nodes = [{"type": str(c.iri), **asdict(NODE_LOOKS[c.iri])} for c in NODE_CLASSES if c.iri in NODE_LOOKS]
    edges = [{"group": g, **asdict(look)} for g, look in EDGE_LOOKS.items()]
    return {"nodes": nodes + [{"type": None, **asdict(OTHER_NODE)}], "edges": edges}


def node_tooltip(node: Node, facet_labels: dict) -> str:
    """Plain text shown on hover: label, type and facets (vis-network sets it as text, not HTML)."""
    lines = [node.label, node_look(node.type).label]
    for facet, values in sorted(node.facets.items()):
        if facet != "typ" or node.type not in NODE_LOOKS:
            lines.append(", ".join(sorted(facet_labels.get(v, str(v)) for v in values)))
    return "\n".join(dict.fromkeys(line for line in lines if line))


def vis_node(node: Node, facet_labels: dict) -> dict:
    """The vis-network options of one node, with the facts the page filters and searches on."""
    look = node_look(node.type)
    options = {"label": node.label, "shape": look.shape, "color": look.color, "size": look.size,
               "title": node_tooltip(node, facet_labels), "kind": look.label,
               "type": str(node.type) if node.type else None,
               "facets": {f: sorted(str(v) for v in values) for f, values in node.facets.items()}}
    if node.level is not None:
        options["level"] = node.level
    if node.x is not None:
        options.update(x=node.x, y=node.y, physics=False)
    return options


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
    for node in view.nodes.values():
        network.add_node(str(node.iri), **vis_node(node, view.labels))
    for edge in view.edges:
        network.add_edge(str(edge.source), str(edge.target), **vis_edge(edge, relation_labels or {}))
    network.options = vis_options(physics=view.positions is None)
    return network
