"""Cooperation relations of the synthetic graph: qualified nodes plus their browsing edges.

Each relation is a ``kg:Kooperation`` node with its kind, participants in their
roles and (where the kind has them) tasks, channel and target level, followed by
the direct browsing edge the ontology derives from it (kg:edgeSubjectRole /
kg:edgeObjectRole), so the explorer can draw it without a derivation step.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from . import vocab as v


@dataclass(frozen=True)
class Relation:
    """One cooperation to write: the kind, who takes which role, and the edge drawn from it."""

    kind: ox.NamedNode
    subject: ox.NamedNode
    subject_role: ox.NamedNode
    counterpart: ox.NamedNode
    counterpart_role: ox.NamedNode
    edge: ox.NamedNode
    extras: tuple[tuple[ox.NamedNode, ox.NamedNode], ...] = ()
    more_edges: tuple[tuple[ox.NamedNode, ox.NamedNode], ...] = ()  # (predicate, object) from subject


class RelationWriter:
    """Numbers relations per Land and turns them into quads; ``folder`` keeps the IRIs of the
    on-base-layer mode (``amtlich/``) apart from the purely synthetic ones."""

    def __init__(self, land_code: str, folder: str = "") -> None:
        self.land_code = land_code
        self.folder = folder
        self.count = 0
        self.section = {kind: ox.Literal(text) for kind, text in v.KIND_SECTION.items()}

    def quads(self, relation: Relation, drawn: set | None = None) -> Iterator[ox.Quad]:
        """The relation's node and its browsing edges; edges already in ``drawn`` are not repeated."""
        self.count += 1
        key = f"{self.land_code}-{self.count:07d}"
        node = v.synth(f"{self.folder}kooperation/{key}")
        g = v.GRAPH_NODE
        german, english = v.KIND_WORDS[relation.kind]
        yield ox.Quad(node, v.RDF_TYPE, v.KOOPERATION, g)
        yield ox.Quad(node, v.LABEL, ox.Literal(f"Synthetische Kooperation {key} ({german})", language="de"), g)
        yield ox.Quad(node, v.LABEL, ox.Literal(f"Synthetic cooperation {key} ({english})", language="en"), g)
        yield ox.Quad(node, v.COOPERATION_KIND, relation.kind, g)
        yield ox.Quad(node, v.SECTION, self.section[relation.kind], g)
        yield ox.Quad(node, relation.subject_role, relation.subject, g)
        yield ox.Quad(node, relation.counterpart_role, relation.counterpart, g)
        for prop, value in relation.extras:
            yield ox.Quad(node, prop, value, g)
        drawn = set() if drawn is None else drawn
        for prop, value in ((relation.edge, relation.counterpart), *relation.more_edges):
            if (prop, value) not in drawn:  # two relations may draw the same edge: it is one triple
                drawn.add((prop, value))
                yield ox.Quad(relation.subject, prop, value, g)


def county_support(kreis: ox.NamedNode, gemeinde: ox.NamedNode, tasks: int,
                   rng: random.Random) -> Relation:
    """The Landkreis supports one of its Gemeinden with ``tasks`` of the six tasks (§4.1.1)."""
    chosen = rng.sample(v.TASKS, k=min(tasks, len(v.TASKS)))
    return Relation(v.KIND_COUNTY, kreis, v.SUPPORTING, gemeinde, v.SUPPORTED, v.SUPPORTS,
                    tuple((v.TASK, t) for t in sorted(chosen, key=str)))


def exchange(kommune: ox.NamedNode, partner: ox.NamedNode, further: bool, in_kreis: bool) -> Relation:
    """Inter-municipal exchange, or (``further``) cooperation beyond it, in the Kreis or across (§4.2)."""
    if further:
        kind = v.KIND_FURTHER_IN_KREIS if in_kreis else v.KIND_FURTHER_ACROSS
        return Relation(kind, kommune, v.PARTICIPANT, partner, v.COUNTERPARTY, v.COOPERATES_WITH)
    kind = v.KIND_EXCHANGE_IN_KREIS if in_kreis else v.KIND_EXCHANGE_ACROSS
    return Relation(kind, kommune, v.PARTICIPANT, partner, v.COUNTERPARTY, v.EXCHANGES_WITH)


def influence(kommune: ox.NamedNode, channel: ox.NamedNode, addressee: ox.NamedNode,
              level: ox.NamedNode) -> Relation:
    """Scaling-up: the Kommune turns to ``addressee`` through ``channel`` to reach ``level``."""
    return Relation(v.KIND_INFLUENCE, kommune, v.PARTICIPANT, addressee, v.COUNTERPARTY, v.CONTACTS,
                    ((v.CHANNEL, channel), (v.TARGET_LEVEL, level)), ((v.INFLUENCES_VIA, channel),))


def actor_cooperation(kommune: ox.NamedNode, actor: ox.NamedNode) -> Relation:
    """The Kommune works with a local actor inside or outside its administration (§3.4)."""
    return Relation(v.KIND_ACTOR, kommune, v.PARTICIPANT, actor, v.COUNTERPARTY, v.WORKS_WITH_ACTOR)
