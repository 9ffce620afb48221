"""A synthetic, nation-wide koopgraph graph for scale tests (``koopgraph synth``).

All 16 Länder with their real numbers of Landkreise, kreisfreie Städte and
Gemeinden (see :mod:`synth_geo`), each with the Anhang I attributes, actors,
programmes and cooperation relations of every kind — as qualified
``kg:Kooperation`` nodes and as the browsing edges derived from them. Sizes grow
with the scale by adding relations and actors per municipality, never more
municipalities than Germany has. Everything is in the named graph
``…/graph/synthetisch``, every label says "synthetisch", and the same seed gives
the same bytes. It is never part of the study dataset or loaded by default.

>>> sorted(SCALES)
['L', 'M', 'S', 'XS']
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import KoopgraphError
from ..formats import rdf_format_for
from ..namespaces import ID, PREFIXES
from . import onbase
from . import relations as rel
from . import vocab as v
from .entities import (
    KommuneProfile,
    actor_label,
    actor_quads,
    bund_quads,
    gemeinde_node,
    integer,
    kreis_node,
    label,
    land_node,
    land_quads,
    programme_quads,
)
from .baselayer import read_base_layer
from .geo import LAENDER, LandFigures, LandLayout, germany
from .placing import Context, county_relation, kommune_relations, others, pick

_G = v.GRAPH_NODE
_DESCRIPTION_TRIPLES = 5


@dataclass(frozen=True)
class Scale:
    """How much to generate per municipality (the municipalities themselves are fixed)."""

    name: str
    tasks: int  # tasks per county–municipality relation
    exchanges: int  # inter-municipal relations each Gemeinde starts inside its Kreis
    further_share: float  # share of those that go beyond exchange
    influences: int  # scaling-up relations per Kommune
    actor_links: int  # cooperations with local actors per Kommune
    actors_per_kreis: int  # local actors per Landkreis or kreisfreie Stadt
    kreis_links: int  # relations each Kreis / kreisfreie Stadt starts with another one
    laender: tuple[str, ...] = ()  # only these Länder (slugs); empty: all 16


SCALES = {
    "XS": Scale("XS", 1, 2, 0.2, 1, 1, 4, 3, ("hamburg", "bremen", "saarland")),
    "S": Scale("S", 1, 2, 0.2, 1, 1, 6, 3),
    "M": Scale("M", 3, 3, 0.3, 2, 3, 24, 8),
    "L": Scale("L", 6, 32, 0.3, 30, 35, 240, 80),
}


def synthetic_quads(scale: Scale, seed: int) -> Iterator[ox.Quad]:
    """Every quad of the synthetic graph, in a fixed order (streamed, never all in memory)."""
    bund = v.synth("bund")
    laender = tuple(l for l in LAENDER if not scale.laender or l.slug in scale.laender)
    layouts = germany(seed, laender)
    cities = [kreis_node(k) for layout in layouts for k in layout.cities]
    yield from bund_quads(bund)
    bund_programme = v.synth("programm/bund")
    yield from programme_quads(bund_programme, "Synthetisches Bundesprogramm Integrationskoordination",
                               bund, v.LEVEL_BUND, None)
    channels_used: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    for layout in layouts:
        yield from land_graph(layout, scale, seed, bund, bund_programme, cities, channels_used)
    for channel, level in sorted(channels_used, key=str):  # the rule's kg:addressesLevel edges
        yield ox.Quad(channel, v.ADDRESSES_LEVEL, level, _G)


def land_graph(layout: LandLayout, scale: Scale, seed: int, bund: ox.NamedNode, bund_programme: ox.NamedNode,
               cities: list[ox.NamedNode], channels_used: set) -> Iterator[ox.Quad]:
    """One Land: its Kreise and Gemeinden, actors, programme and relations."""
    land = layout.figures
    rng = random.Random(f"{seed}-{land.code}-graph")
    lnode = land_node(land)
    yield from land_quads(land, bund)
    land_actors = [v.synth(f"akteur/{land.code}-land-{i + 1:02d}") for i in range(len(v.LAND_ACTOR_CLASSES))]
    for node, cls in zip(land_actors, v.LAND_ACTOR_CLASSES):
        yield from actor_quads(node, cls, actor_label(cls, f"{land.code}-land-{node.value[-2:]}", land))
    programme = v.synth(f"programm/{land.code}")
    yield from programme_quads(programme, f"Synthetisches Landesprogramm Integration ({land.name})", lnode,
                               v.LEVEL_LAND, lnode)
    writer = rel.RelationWriter(land.code)
    profile = KommuneProfile(land, rng)
    kreis_nodes = [kreis_node(k) for k in layout.kreise]
    land_gemeinden = [gemeinde_node(g) for k in layout.landkreise for g in k.gemeinden]
    for kreis, knode in zip(layout.kreise, kreis_nodes):
        yield from kreis_graph(kreis, knode, land, scale, rng, profile)
        actors = [v.synth(f"akteur/{kreis.key}-{i + 1:03d}") for i in range(scale.actors_per_kreis)]
        context = Context(land_actors, actors, (programme, bund_programme), rng, writer, scale, channels_used)
        yield from kommune_relations(knode, context, pick(rng, others(kreis_nodes, knode), cities,
                                                          scale.kreis_links, knode), False)
        members = [gemeinde_node(g) for g in kreis.gemeinden]
        for member in members:
            yield from county_relation(knode, member, context)
            partners = pick(rng, others(members, member), land_gemeinden, scale.exchanges, member)
            yield from kommune_relations(member, context, partners, True)


def kreis_graph(kreis, knode, land: LandFigures, scale: Scale, rng: random.Random,
                profile: KommuneProfile) -> Iterator[ox.Quad]:
    """A Landkreis or kreisfreie Stadt with its local actors and its Gemeinden."""
    rurality, socio = profile.kreis_classes(kreis.kreisfrei)
    if kreis.kreisfrei:
        yield ox.Quad(knode, v.RDF_TYPE, v.KREISFREIE_STADT, _G)
        yield label(knode, f"Synthetische kreisfreie Stadt {kreis.key} ({land.name})")
    else:
        yield ox.Quad(knode, v.RDF_TYPE, v.LANDKREIS, _G)
        yield label(knode, f"Synthetischer Landkreis {kreis.key} ({land.name})")
    yield ox.Quad(knode, v.IN_LAND, land_node(land), _G)
    yield from profile.quads(knode, kreis.population, rurality, socio)
    for i in range(scale.actors_per_kreis):
        cls = v.LOCAL_ACTOR_CLASSES[(int(kreis.key) + i) % len(v.LOCAL_ACTOR_CLASSES)]
        key = f"{kreis.key}-{i + 1:03d}"
        yield from actor_quads(v.synth(f"akteur/{key}"), cls, actor_label(cls, key, land))
    for gemeinde in kreis.gemeinden:
        node = gemeinde_node(gemeinde)
        kind = "Stadt" if gemeinde.stadt else "Gemeinde"
        yield ox.Quad(node, v.RDF_TYPE, v.KREISANGEHOERIGE_STADT if gemeinde.stadt else v.KREISANGEHOERIGE_GEMEINDE, _G)
        yield label(node, f"Synthetische {kind} {gemeinde.ags} ({land.name})")
        yield ox.Quad(node, v.IN_COUNTY, knode, _G)
        yield ox.Quad(node, v.IN_LAND, land_node(land), _G)
        own_socio = socio if rng.random() < 0.85 else v.SOCIO_CLASSES[1 - v.SOCIO_CLASSES.index(socio)]
        # Anhang I gives kreisangehörige Kommunen the rurality of their Landkreis
        yield from profile.quads(node, gemeinde.population, rurality, own_socio)


_DESCRIPTION = (
    "Synthetischer Deutschland-Graph",
    "Synthetische Testdaten für Last- und Skalierungstests von koopgraph: Länder, Kreise und Gemeinden "
    "in realistischer Zahl, alle Namen, Größen, Merkmale und Beziehungen zufällig erzeugt. "
    "Keine Aussage über reale Kommunen; nicht Teil der Studiendaten.",
    "Zufallsgenerator koopgraph synth; Zahl der Landkreise, kreisfreien Städte und Gemeinden je Land: "
    "Destatis, Gemeindeverzeichnis, Gebietsstand 31.12.2023")


def description_quads(scale: Scale, seed: int, triples: int, on_base_layer: bool = False) -> Iterator[ox.Quad]:
    """The dataset description: what this graph is, that it is synthetic, and its size."""
    node = v.synth(f"{onbase.FOLDER}datensatz" if on_base_layer else "datensatz")
    title, description, source = onbase.DESCRIPTION if on_base_layer else _DESCRIPTION
    dcterms, void = PREFIXES["dcterms"], PREFIXES["void"]
    yield ox.Quad(node, v.RDF_TYPE, ox.NamedNode(void + "Dataset"), _G)
    yield label(node, f"{title} (Skala {scale.name}, Seed {seed})")
    yield ox.Quad(node, ox.NamedNode(dcterms + "description"), ox.Literal(description, language="de"), _G)
    yield ox.Quad(node, ox.NamedNode(dcterms + "source"), ox.Literal(source, language="de"), _G)
    yield ox.Quad(node, ox.NamedNode(void + "triples"), integer(triples + _DESCRIPTION_TRIPLES), _G)


def write_synthetic(path: Path, scale_name: str, seed: int, fmt: str | None = None,
                    on_base_layer: bool = False) -> int:
    """Write the synthetic graph to ``path`` (format from the extension); return its triples.

    ``on_base_layer``: synthetic relations on the real places of the shipped base layer
    (:mod:`.onbase`) instead of a synthetic Germany. Written to a temporary file first, so a failure
    leaves no half file. Triple formats (.ttl, .nt) cannot name the graph: load them with ``--graph``.
    """
    scale = scale_by_name(scale_name)
    rdf_format = rdf_format_for(path, fmt)
    generated = (onbase.on_base_layer_quads(scale, seed, read_base_layer()) if on_base_layer
                 else synthetic_quads(scale, seed))
    counter = _Counter(generated)
    quads = _chain_description(counter, scale, seed, on_base_layer)
    items = quads if rdf_format.holds_graphs else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    partial = path.with_name(path.name + ".partial")
    try:
        ox.serialize(items, str(partial), rdf_format.ox_format, prefixes=_prefixes(on_base_layer))
        os.replace(partial, path)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise KoopgraphError(f"cannot write {path}: {e.strerror or e}", hint="Check the directory.") from e
    return counter.count + _DESCRIPTION_TRIPLES


def _chain_description(counter, scale: Scale, seed: int, on_base_layer: bool) -> Iterator[ox.Quad]:
    yield from counter
    yield from description_quads(scale, seed, counter.count, on_base_layer)


class _Counter:
    def __init__(self, quads: Iterator[ox.Quad]) -> None:
        self.quads = quads
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for quad in self.quads:
            self.count += 1
            yield quad


def _prefixes(on_base_layer: bool = False) -> dict[str, str]:
    chosen = {p: PREFIXES[p] for p in ("kg", "rdf", "rdfs", "xsd", "dcterms", "void")}
    places = {"kgid": str(ID)} if on_base_layer else {}  # the real places' IRIs (id/gemeinde/…)
    return {**chosen, **places, "syn": v.SYNTH, "konzept": v.CONCEPT}


def scale_by_name(name: str) -> Scale:
    try:
        return SCALES[name.upper()]
    except KeyError:
        raise KoopgraphError(f"unknown scale {name!r}", hint="Use one of " + ", ".join(SCALES) + ".") from None
