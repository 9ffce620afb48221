"""Issue 17, no page's first request slow after a restart: the /netzwerk.json answers /netzwerk opens with
(the study's network in each layout, and ``basis=1``, the whole store at Germany scale) are kept on disk
per data version like the other kept results, so a restart serves them without placing the network or
building its vis data again (counted by wrapping what does: the layouts and ``to_pyvis``); a write makes
them stale; a damaged file is ignored with one log line and computed again; a filtered view is kept in
memory only (every filter a crawler tries must not fill the disk)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from counting import counting
from koopgraph.graph.relations import RELATION_GROUPS
from koopgraph.graph.store import open_store
from koopgraph.graph.store.kept import KEPT_FOLDER
from koopgraph.web.app import create_app
from koopgraph.web.views import netzwerk, netzwerk_ansicht

# the study alone, yet "Germany scale" once the threshold is 0: /netzwerk.json is the study's network,
# ?basis=1 the whole store placed by the nested layout
LARGE = {"network_cluster_above": 0}
FIRST_VIEWS = ("/netzwerk.json", "/netzwerk.json?layout=ebenen", "/netzwerk.json?layout=karte",
               "/netzwerk.json?basis=1")


@pytest.fixture
def placed(monkeypatch):
    """How often a view was placed (levels, map, force or nested layout) or turned into vis data."""
    counted = {"place": 0, "nested": 0, "vis": 0}

    monkeypatch.setattr(netzwerk_ansicht, "place", counting(counted, "place", netzwerk_ansicht.place))
    monkeypatch.setattr(netzwerk_ansicht, "place_nested", counting(counted, "nested", netzwerk_ansicht.place_nested))
    monkeypatch.setattr(netzwerk.network_style, "to_pyvis", counting(counted, "vis", netzwerk.network_style.to_pyvis))
    return counted


def served(path, pages):
    """Open the store as `koopgraph serve` does, ask ``pages``, close; their bodies."""
    store = open_store(str(path))
    app = create_app(store, LARGE)
    try:
        client = app.test_client()
        answers = [client.get(page) for page in pages]
        assert [answer.status_code for answer in answers] == [200] * len(pages)
        return [answer.get_data(as_text=True) for answer in answers]
    finally:
        app.koopgraph_services.close()
        store.close()


def kept_views(path) -> list:
    return sorted((path.parent / "store.checkpoints" / KEPT_FOLDER).rglob("netzwerk-*.json"))


def test_a_restart_serves_the_first_network_views_without_placing_them(study_store_path, placed):
    first = served(study_store_path, FIRST_VIEWS)
    assert placed["place"] == 3 and placed["nested"] == 1 and placed["vis"] == 4
    before = dict(placed)
    assert served(study_store_path, FIRST_VIEWS) == first
    assert placed == before                                    # nothing placed or built again


def test_a_write_makes_the_kept_network_views_stale(study_store_path, placed):
    first = served(study_store_path, FIRST_VIEWS)
    store = open_store(str(study_store_path))
    store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 1 } }")
    store.close()
    assert served(study_store_path, FIRST_VIEWS) == first           # the same network: the same answers …
    assert placed == {"place": 6, "nested": 2, "vis": 8}       # … placed again for the new data
    served(study_store_path, FIRST_VIEWS)
    assert placed == {"place": 6, "nested": 2, "vis": 8}       # and kept for it


def test_a_damaged_kept_network_view_is_ignored_with_a_log_line_and_computed_again(study_store_path, placed, kept_log):
    [first] = served(study_store_path, ["/netzwerk.json"])
    [kept] = kept_views(study_store_path)
    kept.write_bytes(kept.read_bytes()[:-20])                  # cut short, as by a full disk
    assert served(study_store_path, ["/netzwerk.json"]) == [first]
    assert placed["vis"] == 2
    assert len(kept_log) == 1 and "damaged" in kept_log[0]


def test_a_filtered_view_is_kept_in_memory_only(study_store_path, placed):
    group = next(iter(RELATION_GROUPS))
    filtered = f"/netzwerk.json?beziehung={group}&layout=ebenen"
    first = served(study_store_path, [filtered, filtered, "/netzwerk.json?layout=ebenen&unbekannt=1"])
    assert first[0] == first[1] and placed["vis"] == 2         # the second asking: kept in memory
    assert kept_views(study_store_path) == []                       # nothing of them on disk
    assert served(study_store_path, [filtered]) == first[:1] and placed["vis"] == 3


def test_answers_kept_by_other_web_code_are_built_again(study_store_path, placed, monkeypatch, tmp_path, kept_log):
    """/netzwerk.json's body is built by the web's code (web/style/network.py): an update of it makes the
    kept bodies stale, as an update of koopgraph.graph does (the header's code hash covers both)."""
    from koopgraph.web import services as services_module

    first = served(study_store_path, ["/netzwerk.json"])
    updated = tmp_path / "web"
    web = Path(services_module.__file__).parent
    shutil.copytree(web, updated, ignore=shutil.ignore_patterns("static", "templates"))
    style = updated / "style" / "network.py"
    style.write_text(style.read_text(encoding="utf-8") + "\n# an update of the vis looks\n", encoding="utf-8")
    monkeypatch.setattr(services_module, "WEB_CODE", updated, raising=False)
    assert served(study_store_path, ["/netzwerk.json"]) == first
    assert placed["vis"] == 2 and kept_log == []               # built again, without a complaint
    served(study_store_path, ["/netzwerk.json"])
    assert placed["vis"] == 2                                  # and kept for that code
