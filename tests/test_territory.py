"""Finding places of the base layer by key, postcode or name (koopgraph.graph.territory), in a new store."""

from __future__ import annotations

import pytest
from koopgraph.graph.errors import KoopgraphError
from koopgraph.graph.store import open_store
from koopgraph.graph.territory import find_places, place_iri
from test_gebiet import key_of, official_rows

ID = "https://w3id.org/koopgraph/id/"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("territory") / "store"))  # study + base layer
    yield store
    store.close()


@pytest.fixture(scope="module")
def aulendorf() -> dict:
    return next(row for row in official_rows() if row["gemeindename"] == "Aulendorf, Stadt" and row["satzart"] == "60")


def test_a_gemeinde_is_found_by_ags_ars_postcode_and_both_names(store, aulendorf):
    ars = key_of(aulendorf)
    expected = [place_iri(ars)]
    ags = ars[:5] + ars[9:]
    for text in (ags, ars, f" {ags[:2]} {ags[2:]} ", aulendorf["postleitzahl"], "Aulendorf", "Aulendorf, Stadt"):
        assert find_places(store, text) == expected, text


def test_the_verband_key_of_a_verbandsfreie_gemeinde_finds_the_gemeinde(store, aulendorf):
    assert find_places(store, key_of(aulendorf)[:9]) == [place_iri(key_of(aulendorf))]


def test_a_kreisfreie_stadt_is_one_place_for_all_its_keys(store):
    rows = [row for row in official_rows() if row["gemeindename"].startswith("Halle (Saale)")]
    found = {tuple(find_places(store, key_of(row))) for row in rows}
    assert found == {(place_iri("15002"),)}
    assert find_places(store, "Halle an der Saale") == [place_iri("15002")]  # the study's spelling


def test_a_shared_name_finds_every_place_and_unknown_text_none(store):
    assert len(find_places(store, "Freudenberg")) == 3
    assert find_places(store, "Nirgendwo") == [] and find_places(store, "  ") == []


def test_place_iri_refuses_what_is_no_key():
    with pytest.raises(KoopgraphError):
        place_iri("0843600")
