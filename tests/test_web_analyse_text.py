"""/analyse in German for people who don't know network analysis (issue 15): group names, a sentence per
measure, numbers with a decimal comma, no raw parameter dumps, notes where membership and derived
edges are counted. On the shipped study dataset."""

from __future__ import annotations

import re

import pytest
from koopgraph.graph.network.metrics import METRICS
from koopgraph.graph.relations import RELATION_GROUPS
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = open_store("memory")        # the study dataset without the base layer (loads in seconds)
    app = create_app(store)
    yield app.test_client()
    app.koopgraph_services.close()
    store.close()


def checkbox_labels(page: str) -> list[str]:
    boxes = re.findall(r'<input type="checkbox" name="beziehung" value="[^"]+"\s*(?:checked)?>\s*([^<]+)</label>', page)
    return [label.strip() for label in boxes]


@pytest.mark.parametrize("metric", [m.name for m in METRICS.values() if not m.directed_only])
def test_every_measure_is_explained_in_german_with_decimal_commas(client, metric):
    page = client.get(f"/analyse?metrik={metric}").get_data(as_text=True)
    assert checkbox_labels(page) == list(RELATION_GROUPS.values())        # not 'county-municipality, …'
    explained = re.search(r'<p class="bedeutung">([^<]+)</p>', page)
    assert explained and len(explained[1].split()) >= 6
    ranking = page.split('id="rangliste"')[1].split("</table>")[0]
    values = re.findall(r'<td class="num">([^<]*)</td>', ranking)
    assert values and all(re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?", v) for v in values), values
    assert '{"' not in page.split("<main")[1]                               # no parameter dump


def test_the_ranking_says_when_membership_and_derived_edges_count(client):
    everything = client.get("/analyse").get_data(as_text=True)
    assert "keine beobachtete Zusammenarbeit" in everything
    reported = client.get("/analyse?beziehung=county-municipality&beziehung=inter-municipal&beziehung=scaling-up")
    assert "keine beobachtete Zusammenarbeit" not in reported.get_data(as_text=True)
    assert "keine Befunde der Studie" in everything
