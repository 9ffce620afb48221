"""Places only the official base layer knows stay out of the study's network and its analyses; a place
that anyone's own data names stays in (issue 13: the base layer is a layer, not noise; issue 15:
/analyse on a store with the base layer computed its measures over ~12,500 places: minutes).

The test adds two Gemeinden to the base layer's graph of a study store, and an own-data relation to one
of them; the expectation follows from what was added, not from the code under test."""

from __future__ import annotations

import pytest
from koopgraph.graph.netview.view import study_view
from koopgraph.graph.network.cache import NetworkCache
from koopgraph.graph.network.projection import Projection
from koopgraph.graph.store import open_store

ID = "https://w3id.org/koopgraph/id/"
RAVENSBURG = ID + "kreis/08436"
NAMED = ID + "gemeinde/084369999991"       # named by an import's relation
UNNAMED = ID + "gemeinde/084369999992"     # only in the base layer
ACTOR = ID + "akteur/eigene-testverein"

ADDED = f"""PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA {{
  GRAPH <https://w3id.org/koopgraph/graph/gebiet> {{
    <{NAMED}> a kg:KreisangehoerigeKommune ; rdfs:label "Testgemeinde A" ; kg:unitKind <https://w3id.org/koopgraph/gebietsart/gemeinde> ; kg:inCounty <{RAVENSBURG}> .
    <{UNNAMED}> a kg:KreisangehoerigeKommune ; rdfs:label "Testgemeinde B" ; kg:unitKind <https://w3id.org/koopgraph/gebietsart/gemeinde> ; kg:inCounty <{RAVENSBURG}> .
  }}
  GRAPH <https://w3id.org/koopgraph/graph/eigene/test> {{
    <{ACTOR}> a kg:Verein ; rdfs:label "Testverein" ; kg:cooperatesWith <{NAMED}> .
  }}
}}"""


@pytest.fixture(scope="module")
def store():
    store = open_store("memory")
    store.update(ADDED)
    yield store
    store.close()


def test_the_study_network_keeps_a_place_own_data_names_and_leaves_out_one_only_the_base_layer_knows(store):
    nodes = {str(n) for n in study_view(store).nodes}
    assert NAMED in nodes and ACTOR in nodes and RAVENSBURG in nodes
    assert UNNAMED not in nodes


def test_the_analysis_leaves_out_the_places_only_the_base_layer_knows(store):
    cache = NetworkCache(store)
    whole = cache.project(Projection())
    assert NAMED in whole and UNNAMED not in whole
    with_isolated = cache.project(Projection(isolated=True))   # every municipality, also without edges
    assert UNNAMED not in with_isolated
    assert UNNAMED not in {p.county for p in cache.county_profiles()} | set(cache.data().context.facts)
