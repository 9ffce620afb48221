"""/import through Flask's test client: nothing writable anonymously or without the CSRF token, no token
configured explains itself, upload limit, errors at row and column, confirm writes and redirects."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import dump
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "beispiele" / "partner-ravensburg-erfunden.xlsx"
TOKEN = "editor-geheim"


@pytest.fixture
def site():
    store = open_store("memory")
    return store, create_app(store, {"editor_token": TOKEN, "max_upload_mb": 1}).test_client()


def csrf(client, path="/import") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def login(client) -> str:
    answer = client.post("/import/anmelden", data={"csrf": csrf(client), "name": "Frau Beispiel", "token": TOKEN})
    assert answer.status_code == 303
    return csrf(client)


def upload(client, token: str, data: bytes, name="partner.xlsx", graph="partner"):
    return client.post("/import/pruefen", content_type="multipart/form-data",
                       data={"csrf": token, "graph": graph, "datei": (io.BytesIO(data), name)})


def test_without_a_token_the_page_explains_and_nothing_is_writable():
    store = open_store("memory")
    client = create_app(store).test_client()
    page = client.get("/import").get_data(as_text=True)
    assert "Importieren ist nicht eingerichtet" in page and "--editor-token" in page
    before = dump(store)
    token = "ohne-formular"
    for path in ("/import/anmelden", "/import/pruefen", "/import/bestaetigen"):
        assert client.post(path, data={"csrf": token, "name": "x", "token": ""}).status_code == 403
    assert dump(store) == before


def test_anonymous_and_forged_uploads_are_refused(site):
    store, client = site
    before = dump(store)
    anonymous = upload(client, csrf(client), EXAMPLE.read_bytes())
    assert anonymous.status_code == 403 and "anmelden" in anonymous.get_data(as_text=True)
    token = login(client)
    forged = upload(client, "falsch", EXAMPLE.read_bytes())
    assert forged.status_code == 403 and "CSRF" in forged.get_data(as_text=True)
    wrong = client.post("/import/anmelden", data={"csrf": token, "name": "x", "token": "nein"})
    assert wrong.status_code == 403
    assert dump(store) == before


def test_an_upload_over_the_limit_is_refused(site):
    store, client = site
    token = login(client)
    assert upload(client, token, b"0" * (1024 * 1024 + 10)).status_code == 413


def test_errors_at_row_and_column_then_confirm_writes_and_opens_the_network(site, tmp_path):
    import openpyxl
    store, client = site
    token = login(client)
    broken = tmp_path / "partner.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    book["Beziehungen"]["G4"] = "31.02.2020"
    book.save(broken)
    before = dump(store)
    answer = upload(client, token, broken.read_bytes())
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "partner.xlsx, Blatt Beziehungen, Zeile 4, Spalte Beginn: »31.02.2020«" in page
    assert dump(store) == before
    preview = upload(client, token, EXAMPLE.read_bytes())
    assert preview.status_code == 200 and "Import bestätigen" in preview.get_data(as_text=True)
    assert dump(store) == before      # a preview writes nothing
    done = client.post("/import/bestaetigen", data={"csrf": token})
    assert done.status_code == 303
    assert done.headers["Location"] == "/netzwerk?graph=https%3A%2F%2Fw3id.org%2Fkoopgraph%2Fgraph%2Feigene%2Fpartner"
    network = client.get(done.headers["Location"].replace("/netzwerk?", "/netzwerk.json?")).get_json()
    ids = {node["id"] for node in network["nodes"]}
    places = {f"https://w3id.org/koopgraph/id/{p}" for p in ("kreis/08436", "gemeinde/084360008008", "gemeinde/084365006078")}
    actors = {i for i in ids if i.startswith("https://w3id.org/koopgraph/id/eigene/partner/akteur/")}
    assert places <= ids and len(actors) == 11
    assert client.post("/import/bestaetigen", data={"csrf": token}).status_code == 400   # nothing pending any more
