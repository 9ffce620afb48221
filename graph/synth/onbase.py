"""Synthetic relations on the real map: ``koopgraph synth --on-base-layer``.

The same kinds of relations as the purely synthetic graph (:mod:`.generate`), and as many per place
at each scale, but between the real places of the official base layer (:mod:`.baselayer`): every
Landkreis supports each of its Gemeinden, every Gemeinde and Kreis exchanges with partners in its
Kreis or Land, seeks influence, works with synthetic local actors and may apply for a synthetic Land
and Bund programme. A store holding the base layer and this file has the real hierarchy with
synthetic relations at a realistic density.

What is synthetic stays apart: every statement is in the named graph ``…/graph/synthetisch``; the
actors, programmes and relations are new resources under ``id/synth/amtlich/`` whose labels say
"synthetisch"; the real places get only the browsing edges of these relations — no name, type, figure
or membership (those are the base layer's), and none of the Anhang I columns the synthetic mode
draws, which would be false statements about real places. The study's anonymised cases are never
touched: only places of the base layer are endpoints.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import ID
from . import relations as rel
from . import vocab as v
from .baselayer import RealKreis, RealLand
from .entities import actor_label, actor_quads, programme_quads
from .placing import Context, county_relation, kommune_relations, others, pick

if TYPE_CHECKING:
    from .generate import Scale

FOLDER = "amtlich/"  # id/synth/amtlich/: never the same IRI as a resource of the purely synthetic mode
BUND = ox.NamedNode(str(ID) + "bund")
DESCRIPTION = (  # title, description, source of the dataset description
    "Synthetische Beziehungen auf der amtlichen Gebietsgliederung",
    "Synthetische Testdaten für Last- und Skalierungstests von koopgraph: Akteure, Förderprogramme und "
    "Kooperationsbeziehungen, zufällig erzeugt und an die realen Länder, Kreise und Gemeinden der amtlichen "
    "Gebietsgliederung (Graph gebiet) gehängt. Keine dieser Beziehungen besteht wirklich: keine Aussage über "
    "reale Kommunen; nicht Teil der Studiendaten.",
    "Zufallsgenerator koopgraph synth --on-base-layer; Orte und ihre IRIs: amtliche Gebietsgliederung "
    "(Destatis, Gemeindeverzeichnis GV-ISys, Gebietsstand 31.12.2019), wie sie koopgraph mitliefert")


def on_base_layer_quads(scale: Scale, seed: int, laender: list[RealLand]) -> Iterator[ox.Quad]:
    """Every quad of the synthetic relations on the real places of ``laender``, in a fixed order."""
    chosen = [land for land in laender if not scale.laender or land.figures.slug in scale.laender]
    bund_programme = v.synth(f"{FOLDER}programm/bund")
    yield from programme_quads(bund_programme, "Synthetisches Bundesprogramm Integrationskoordination",
                               BUND, v.LEVEL_BUND, None)
    cities = [k.iri for land in chosen for k in land.kreise if k.kreisfrei]
    channels_used: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    for land in chosen:
        yield from _land_relations(land, scale, seed, bund_programme, cities, channels_used)
    for channel, level in sorted(channels_used, key=str):  # the rule's kg:addressesLevel edges
        yield ox.Quad(channel, v.ADDRESSES_LEVEL, level, v.GRAPH_NODE)


def _land_relations(land: RealLand, scale: Scale, seed: int, bund_programme: ox.NamedNode,
                    cities: list[ox.NamedNode], channels_used: set) -> Iterator[ox.Quad]:
    """One Land: its synthetic actors and programme, and the relations of its Kreise and Gemeinden."""
    code, figures = land.figures.code, land.figures
    rng = random.Random(f"{seed}-{code}-amtlich")
    land_actors = [v.synth(f"{FOLDER}akteur/{code}-land-{i + 1:02d}") for i in range(len(v.LAND_ACTOR_CLASSES))]
    for node, cls in zip(land_actors, v.LAND_ACTOR_CLASSES):
        yield from actor_quads(node, cls, actor_label(cls, f"{code}-land-{node.value[-2:]}", figures))
    programme = v.synth(f"{FOLDER}programm/{code}")
    yield from programme_quads(programme, f"Synthetisches Landesprogramm Integration ({figures.name})", land.iri,
                               v.LEVEL_LAND, land.iri)
    writer = rel.RelationWriter(code, FOLDER)
    kreis_nodes = [k.iri for k in land.kreise]
    land_gemeinden = [g for k in land.landkreise for g in k.gemeinden]
    for kreis in land.kreise:
        actors = list(_local_actors(kreis, scale, land))
        yield from (quad for _, quads in actors for quad in quads)
        context = Context(land_actors, [node for node, _ in actors], (programme, bund_programme), rng, writer,
                          scale, channels_used)
        yield from kommune_relations(kreis.iri, context, pick(rng, others(kreis_nodes, kreis.iri), cities,
                                                              scale.kreis_links, kreis.iri), False)
        for member in kreis.gemeinden:
            yield from county_relation(kreis.iri, member, context)
            partners = pick(rng, others(kreis.gemeinden, member), land_gemeinden, scale.exchanges, member)
            yield from kommune_relations(member, context, partners, True)


def _local_actors(kreis: RealKreis, scale: Scale, land: RealLand):
    """(node, its quads) of each synthetic local actor of a Kreis; the class cycles with the key."""
    for i in range(scale.actors_per_kreis):
        cls = v.LOCAL_ACTOR_CLASSES[(int(kreis.key) + i) % len(v.LOCAL_ACTOR_CLASSES)]
        key = f"{kreis.key}-{i + 1:03d}"
        node = v.synth(f"{FOLDER}akteur/{key}")
        yield node, list(actor_quads(node, cls, actor_label(cls, key, land.figures)))
