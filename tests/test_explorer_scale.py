"""The explorer's queries as rewritten for Germany scale, on the XS synthetic graph: facet values by
exact label or IRI, facet counts, the capped incoming statements and source lists of resource pages.
Expected values are counted from the N-Quads file (or a different query of another module)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from koopgraph.graph.errors import KoopgraphError
from koopgraph.graph.explore import facets, listing, provenance
from koopgraph.graph.explore.resource import INCOMING_SHOWN_PER_PROPERTY, describe
from koopgraph.graph.relations import EDGE_SOURCES
from koopgraph.graph.store import open_store
from rdflib import URIRef

KG = "https://w3id.org/koopgraph/ontology#"
SAARLAND = URIRef("https://w3id.org/koopgraph/id/synth/land/saarland")


@pytest.fixture(scope="module")
def quads(synthetic_xs):
    return [(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(path=str(synthetic_xs[0]))]


@pytest.fixture(scope="module")
def store(synthetic_xs):
    store = open_store(str(synthetic_xs[1]))
    yield store
    store.close()


@pytest.mark.parametrize("text", [str(SAARLAND), "Saarland (synthetisch)", "Saarland (synthetic)",
                                  "saarland (SYNTHETISCH)"])
def test_the_land_facet_takes_the_iri_or_a_label(store, text):
    assert facets.resolve_value(store, "land", text) == SAARLAND


def test_a_label_of_something_else_is_no_land(store, quads):
    kreis_label = next(o for s, p, o in quads if p.endswith("#label") and "/synth/kreis/" in s)
    with pytest.raises(KoopgraphError, match="matches no municipality"):
        facets.resolve_value(store, "land", kreis_label)


def test_facet_counts_are_the_files_counts(store, quads):
    land_of = {s: o for s, p, o in quads if p == KG + "inLand"}
    rurality = Counter(o for s, p, o in quads if p == KG + "rurality" and land_of.get(s) == str(SAARLAND))
    counts = {c.facet.key: {str(v.value): v.count for v in c.values}
              for c in facets.facet_counts(store, {"land": [SAARLAND]})}
    assert counts["land"] == dict(Counter(land_of.values()))  # the chosen facet counts without its filter
    assert counts["laendlichkeit"] == dict(rurality)
    assert len(facets.facet_count_queries({"land": [SAARLAND]})) == 2  # the chosen facet, then all others


def test_a_page_of_the_list_is_sorted_by_name_and_complete(store, quads):
    in_saarland = {s for s, p, o in quads if p == KG + "inLand" and o == str(SAARLAND)}
    page = listing.municipality_list(store, {"land": [SAARLAND]}, sort="name")
    assert page.total == len(in_saarland) == 58
    assert [row.name for row in page.rows] == sorted(row.name for row in page.rows)
    population = {s: int(o) for s, p, o in quads if p == KG + "population"}
    assert {str(row.iri) for row in page.rows} == in_saarland  # 58 rows: one page
    assert all(int(row.cells["einwohner"]) == population[str(row.iri)] for row in page.rows)


def test_a_land_page_shows_the_first_incoming_statements_and_counts_the_rest(store, quads):
    members = sorted(s for s, p, o in quads if p == KG + "inLand" and o == str(SAARLAND))
    page = describe(store, SAARLAND)
    group = next(g for g in page.incoming if str(g.property.term) == KG + "inLand")
    assert group.total == len(members) == 58
    assert [str(st.other.term) for st in group.statements] == members[:INCOMING_SHOWN_PER_PROPERTY]
    assert group.more == len(members) - INCOMING_SHOWN_PER_PROPERTY


def test_a_derived_edge_lists_its_first_sources_and_counts_the_others(store, monkeypatch):
    shown = 3  # XS edges rest on up to about ten cooperations; Germany's on thousands
    monkeypatch.setattr(provenance, "VIA_SHOWN", shown)
    sources = {}
    for row in store.query(EDGE_SOURCES):  # the network view's own, uncapped query
        sources.setdefault((row.s, row.p, row.o), set()).add(row.source)
    (subject, prop, obj), via = max(sources.items(), key=lambda item: len(item[1]))
    assert len(via) > shown
    group = next(g for g in describe(store, subject).out if g.property.term == prop)
    statement = next(st for st in group.statements if st.other.term == obj)
    assert [s.term for s in statement.via] == sorted(via, key=str)[:shown]
    assert statement.via_more == len(via) - shown
