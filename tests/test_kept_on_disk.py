"""Issue 17: what the server computes at Germany scale is kept on disk beside the embedded store, per
data version, so a restart does not lay out Germany again; a write makes it stale; a damaged file is
ignored with a log line and computed again, never served. Recomputations are counted by wrapping the
functions that compute (full_view, cluster_view), not by the cache's own counters."""

from __future__ import annotations

import threading
from urllib.parse import urlencode

import pytest
from counting import counting
from koopgraph.graph.netview import kept as plain
from koopgraph.graph.store import open_store
from koopgraph.graph.store.kept import KEPT_FOLDER
from koopgraph.web import services as services_module
from koopgraph.web.app import create_app

KG = "https://w3id.org/koopgraph/ontology#"
SAARLAND = "https://w3id.org/koopgraph/id/synth/land/saarland"
NEW_PLACE = "https://example.org/neue-gemeinde"


@pytest.fixture
def computations(monkeypatch):
    """How often the whole network and the cluster views were computed from the store."""
    counted = {"whole": 0, "clusters": 0}

    monkeypatch.setattr(services_module, "full_view", counting(counted, "whole", services_module.full_view))
    monkeypatch.setattr(services_module, "cluster_view", counting(counted, "clusters", services_module.cluster_view))
    return counted


def start(path):
    """Open the store and prepare an app as `koopgraph serve` does; the answers of the prepared pages."""
    store = open_store(str(path))
    app = create_app(store, {"network_cluster_above": 0})
    try:
        assert app.koopgraph_services.prepare()
        client = app.test_client()
        return (client.get("/netzwerk/gruppen.json").get_json(),
                client.get(f"/netzwerk.json?land={SAARLAND}&layout=kraft").get_json())
    finally:
        app.koopgraph_services.close()
        store.close()


def test_a_restart_reads_the_kept_network_and_clusters_instead_of_computing_them(synthetic_store, computations):
    first = start(synthetic_store)
    assert computations == {"whole": 1, "clusters": 1}
    again = start(synthetic_store)
    assert computations == {"whole": 1, "clusters": 1}   # nothing laid out again
    assert again == first


def test_a_write_through_the_store_makes_the_kept_results_stale(synthetic_store, computations):
    first = start(synthetic_store)
    store = open_store(str(synthetic_store))
    store.update(f"INSERT DATA {{ GRAPH <urn:x:neu> {{ <{NEW_PLACE}> <{KG}inLand> <{SAARLAND}> ; "
                 f"<http://www.w3.org/2000/01/rdf-schema#label> \"Neue Gemeinde\" }} }}")
    store.close()
    after = start(synthetic_store)
    assert computations == {"whole": 2, "clusters": 2}
    assert NEW_PLACE not in {n["id"] for n in first[1]["nodes"]}
    assert NEW_PLACE in {n["id"] for n in after[1]["nodes"]}
    saarland = {n["id"]: n["members"] for n in after[0]["nodes"]}[SAARLAND]
    assert saarland == {n["id"]: n["members"] for n in first[0]["nodes"]}[SAARLAND] + 1
    assert len(list((synthetic_store.parent / "store.checkpoints" / KEPT_FOLDER).iterdir())) == 1  # old version gone


def test_the_data_version_survives_a_restart_and_changes_with_every_write(synthetic_store):
    store = open_store(str(synthetic_store))
    version = store.data_version
    store.close()
    store = open_store(str(synthetic_store))
    assert store.data_version == version and len(version) == 32
    store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 1 } }")
    written = store.data_version
    store.close()
    store = open_store(str(synthetic_store))
    assert written != version and store.data_version == written
    store.close()


@pytest.mark.parametrize("damage", ["truncated", "changed byte", "garbage"])
def test_a_damaged_kept_file_is_ignored_with_a_log_line_and_computed_again(synthetic_store, computations,
                                                                           kept_log, damage):
    first = start(synthetic_store)
    [folder] = (synthetic_store.parent / "store.checkpoints" / KEPT_FOLDER).iterdir()
    kept = folder / "whole-network.json"
    content = kept.read_bytes()
    broken = {"truncated": content[: len(content) // 2],
              "changed byte": content.replace(b'"x"', b'"y"', 1) if b'"x"' in content
              else content[:-2] + bytes([content[-2] ^ 1]) + content[-1:],
              "garbage": b"\x80\x00not json"}[damage]
    assert broken != content
    kept.write_bytes(broken)
    again = start(synthetic_store)
    assert computations == {"whole": 2, "clusters": 1}
    assert again == first
    assert len([line for line in kept_log if "whole-network.json" in line]) == 1
    start(synthetic_store)                                     # the rebuilt file is read
    assert computations == {"whole": 2, "clusters": 1}


def test_the_placed_network_reads_back_as_it_was_computed(synthetic_store):
    store = open_store(str(synthetic_store))
    try:
        services = create_app(store, {"network_cluster_above": 0}).koopgraph_services
        whole = services.whole_network()
        clusters = services.clusters(None)
        assert plain.decode_placed(_json_roundtrip(plain.encode_placed(whole))) == whole
        assert plain.decode_clusters(_json_roundtrip(plain.encode_clusters(clusters))) == clusters
        services.close()
    finally:
        store.close()


def _json_roundtrip(value):
    import json
    return json.loads(json.dumps(value))


def test_while_the_network_is_placed_in_the_background_its_pages_say_wird_berechnet(synthetic_store, monkeypatch):
    release = threading.Event()
    compute = services_module.full_view

    def slow_full_view(store):
        assert release.wait(60)
        return compute(store)

    monkeypatch.setattr(services_module, "full_view", slow_full_view)
    store = open_store(str(synthetic_store))
    app = create_app(store, {"network_cluster_above": 0})
    client = app.test_client()
    try:
        warmed = []
        preparing = app.koopgraph_services.prepare_in_background(warm=lambda: warmed.append("/kommunen"))
        busy = client.get(f"/netzwerk.json?land={SAARLAND}", headers={"Accept": "text/html"})
        assert busy.status_code == 503 and busy.headers["Retry-After"].isdigit()
        assert "wird berechnet" in busy.get_data(as_text=True)
        assert client.get("/bereit").status_code == 503
        assert client.get("/kommunen").status_code == 200         # other pages answer meanwhile
        release.set()
        preparing.join(60)
        assert warmed == ["/kommunen"]                              # asked once the network is ready
        assert client.get("/bereit").status_code == 200
        assert client.get(f"/netzwerk.json?land={SAARLAND}").status_code == 200
    finally:
        release.set()
        app.koopgraph_services.close()
        store.close()


def test_results_kept_by_other_code_are_computed_again_without_a_complaint(synthetic_store, computations, kept_log,
                                                                           monkeypatch):
    from koopgraph.graph.store import kept as kept_module

    first = start(synthetic_store)
    monkeypatch.setattr(kept_module, "_CODE_VERSION", "an-update-of-koopgraph")
    assert start(synthetic_store) == first
    assert computations == {"whole": 2, "clusters": 2}
    assert kept_log == []


def test_a_restart_reads_the_start_page_as_kept(synthetic_store, monkeypatch):
    from koopgraph.web.views import start as start_page

    counted = []
    compute = start_page.overview
    monkeypatch.setattr(start_page, "overview", lambda store: counted.append(1) or compute(store))
    pages = []
    for _ in range(2):
        store = open_store(str(synthetic_store))
        app = create_app(store)
        try:
            client = app.test_client()
            as_json = client.get("/", headers={"Accept": "application/json"}).get_json()
            pages.append((client.get("/").get_data(as_text=True), as_json))
        finally:
            app.koopgraph_services.close()
            store.close()
    assert len(counted) == 1
    assert pages[0] == pages[1] and pages[1][1]["triples"] > 0


ORDERED_LIST = "GROUP BY ?k ORDER BY"  # the /kommunen query that orders every Kommune of the selection
KOMMUNEN_PAGES = ("/kommunen", "/kommunen?" + urlencode({"land": SAARLAND}), "/kommunen?sortierung=einwohner&richtung=ab")


@pytest.fixture
def list_queries(monkeypatch):
    """The texts of the /kommunen ordering queries the store was asked (not read as kept)."""
    from koopgraph.graph.store.base import Store

    asked = []
    query = Store.query

    def counting(self, sparql, bindings=None):
        if ORDERED_LIST in sparql:
            asked.append(sparql)
        return query(self, sparql, bindings)

    monkeypatch.setattr(Store, "query", counting)
    return asked


def list_pages(path):
    """Open the store as a restart does and ask the /kommunen pages (HTML and JSON) once each."""
    store = open_store(str(path))
    app = create_app(store)
    try:
        client = app.test_client()
        return [(client.get(page).get_data(as_text=True),
                 client.get(page, headers={"Accept": "application/json"}).get_json()) for page in KOMMUNEN_PAGES]
    finally:
        app.koopgraph_services.close()
        store.close()


def test_a_restart_reads_the_kommunen_lists_and_facet_counts_as_kept(synthetic_store, list_queries):
    first = list_pages(synthetic_store)
    assert len(list_queries) == len(KOMMUNEN_PAGES)
    assert list_pages(synthetic_store) == first
    assert len(list_queries) == len(KOMMUNEN_PAGES)                # nothing asked again
    saarland = first[1][1]
    assert 0 < saarland["total"] < first[0][1]["total"]


def test_a_write_makes_the_kept_kommunen_lists_stale(synthetic_store, list_queries):
    first = list_pages(synthetic_store)
    store = open_store(str(synthetic_store))
    store.update(f"DELETE {{ GRAPH ?g {{ ?k <{KG}inLand> <{SAARLAND}> }} }} WHERE {{ SELECT ?g ?k "
                 f"{{ GRAPH ?g {{ ?k <{KG}inLand> <{SAARLAND}> }} }} ORDER BY ?k LIMIT 1 }}")  # one Kommune leaves
    store.close()
    after = list_pages(synthetic_store)
    assert len(list_queries) == 2 * len(KOMMUNEN_PAGES)
    assert after[1][1]["total"] == first[1][1]["total"] - 1


def test_damaged_kept_answers_are_ignored_with_a_log_line_and_asked_again(synthetic_store, list_queries, kept_log):
    first = list_pages(synthetic_store)
    [folder] = (synthetic_store.parent / "store.checkpoints" / KEPT_FOLDER).iterdir()
    answers = sorted(folder.glob("answer-*.json"))
    assert len(answers) > len(KOMMUNEN_PAGES)                    # lists, facet counts, labels
    for kept in answers:                                          # one byte of each body changed
        content = kept.read_bytes()
        kept.write_bytes(content[:-2] + bytes([content[-2] ^ 1]) + content[-1:])
    assert list_pages(synthetic_store) == first                       # never served as damaged
    assert len(list_queries) == 2 * len(KOMMUNEN_PAGES)
    assert sorted(line.split()[3] for line in kept_log) == [str(kept) for kept in answers]
    list_pages(synthetic_store)                                        # the rewritten files are read
    assert len(list_queries) == 2 * len(KOMMUNEN_PAGES)


def test_a_kept_answer_of_the_wrong_shape_is_ignored_even_with_a_fitting_checksum(synthetic_store, list_queries,
                                                                                 kept_log):
    """Rows are read lazily; their shape is still checked when the file is read, not when a page
    reads a cell (a file written by someone else, its checksum made to fit)."""
    import json

    from koopgraph.graph.store import kept as kept_module

    first = list_pages(synthetic_store)
    [folder] = (synthetic_store.parent / "store.checkpoints" / KEPT_FOLDER).iterdir()
    largest = max(folder.glob("answer-*.json"), key=lambda f: f.stat().st_size)
    header, body = largest.read_bytes().split(b"\n", 1)
    answer = json.loads(body)
    answer["rows"][-1][-1] = ["X", "not a term"]
    body = json.dumps(answer).encode()
    forged = json.dumps(kept_module._header(json.loads(header)["data"], body)).encode() + b"\n" + body
    largest.write_bytes(forged)
    assert list_pages(synthetic_store) == first
    assert len([line for line in kept_log if largest.name in line and "damaged" in line]) == 1
    assert largest.read_bytes() != forged                                # asked again and kept anew


def test_below_germany_scale_a_restart_reads_the_network_as_kept(synthetic_store, computations):
    """A store below the cluster threshold (the study alone) laid out its network on every request."""
    answers = []
    for _ in range(2):
        store = open_store(str(synthetic_store))
        app = create_app(store, {"network_cluster_above": 100_000})
        try:
            assert not app.koopgraph_services.prepare()
            client = app.test_client()
            answers.append([client.get(f"/netzwerk.json?land={SAARLAND}").get_json() for _ in range(2)])
        finally:
            app.koopgraph_services.close()
            store.close()
    assert computations["whole"] == 1                  # once, not once per request and start
    assert answers[0] == answers[1] and answers[0][0]["nodes"]
