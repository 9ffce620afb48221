"""Who works with whom: the relations one place starts, shared by both modes of ``koopgraph synth``.

A place (a Gemeinde, a Landkreis, a kreisfreie Stadt) starts exchanges with partners near it (its
Kreis or Land) and far, seeks influence through a channel, works with local actors and may apply for
its programmes; a Landkreis supports each of its Gemeinden. How many of each the scale says.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from . import relations as rel
from . import vocab as v

if TYPE_CHECKING:
    from .generate import Scale

_G = v.GRAPH_NODE


@dataclass
class Context:
    """What the relations of one Kreis draw on: actors, programmes, the Land's random source and writer."""

    land_actors: list[ox.NamedNode]
    local_actors: list[ox.NamedNode]
    programmes: tuple[ox.NamedNode, ...]
    rng: random.Random
    writer: rel.RelationWriter
    scale: Scale
    channels_used: set


def others(nodes: list[ox.NamedNode], node: ox.NamedNode) -> list[ox.NamedNode]:
    return [n for n in nodes if n != node]


def county_relation(kreis: ox.NamedNode, gemeinde: ox.NamedNode, ctx: Context) -> Iterator[ox.Quad]:
    yield from ctx.writer.quads(rel.county_support(kreis, gemeinde, ctx.scale.tasks, ctx.rng))


def pick(rng: random.Random, near: list[ox.NamedNode], far: list[ox.NamedNode], k: int,
         me: ox.NamedNode) -> list[tuple[ox.NamedNode, bool]]:
    """``k`` partners, each with whether it is near: from ``near`` (the own Kreis or Land) first,
    from ``far`` when that runs short."""
    chosen = rng.sample(near, k=min(k, len(near)))
    candidates = [n for n in far if n != me and n not in chosen] if len(chosen) < k else []
    extra = rng.sample(candidates, k=min(k - len(chosen), len(candidates)))
    return [(n, True) for n in chosen] + [(n, False) for n in extra]


def kommune_relations(kommune: ox.NamedNode, ctx: Context, partners: list[tuple[ox.NamedNode, bool]],
                      near_is_in_kreis: bool) -> Iterator[ox.Quad]:
    """Exchange, scaling-up and actor relations a Kommune starts, and its programmes."""
    rng, drawn = ctx.rng, set()
    for partner, near in partners:
        further = rng.random() < ctx.scale.further_share
        relation = rel.exchange(kommune, partner, further, near and near_is_in_kreis)
        yield from ctx.writer.quads(relation, drawn)
    for _ in range(ctx.scale.influences):
        channel = rng.choice(v.CHANNELS)
        level = v.LEVEL_BUND if rng.random() < 0.3 else v.LEVEL_LAND
        ctx.channels_used.add((channel, level))
        yield from ctx.writer.quads(rel.influence(kommune, channel, rng.choice(ctx.land_actors), level), drawn)
    for actor in rng.sample(ctx.local_actors, k=min(ctx.scale.actor_links, len(ctx.local_actors))):
        yield from ctx.writer.quads(rel.actor_cooperation(kommune, actor), drawn)
    for programme in ctx.programmes:
        yield ox.Quad(kommune, v.ELIGIBLE_FOR, programme, _G)
