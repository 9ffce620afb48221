"""Time: "Kooperationen am Stichtag", "Was hat sich zwischen zwei Daten geändert?" and /netzwerk's
"Stand am" / "vergleichen mit", against periods computed here from the example's own cells."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import runpy
from pathlib import Path

import pytest
from koopgraph.graph.cli.data import question_query
from koopgraph.graph.imports.run import import_files
from koopgraph.graph.namespaces import KG
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data" / "beispiele" / "partner-ravensburg-erfunden.xlsx"
RELATIONS = runpy.run_path(str(REPO / "data" / "beispiele" / "erzeugen.py"))["RELATIONS"]
DAYS = ["2015-06-30", "2016-01-01", "2017-12-31", "2018-06-15", "2019-12-31", "2020-01-01", "2023-01-01"]


def period(cell: str, end: bool) -> dt.date | None:
    """The first (start) or last (end) day a cell of the example stands for, read independently."""
    if not cell:
        return None
    if m := re.fullmatch(r"(\d\d)\.(\d\d)\.(\d{4})", cell):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{4})-(\d\d)|(\d\d)/(\d{4})", cell):
        year, month = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return dt.date(int(cell), 12, 31) if end else dt.date(int(cell), 1, 1)


def holding(day: str) -> set[int]:
    """Rows (2 = first relation) of the example whose period holds on ``day``."""
    d = dt.date.fromisoformat(day)
    rows = set()
    for number, row in enumerate(RELATIONS, start=2):
        start, end = period(row[6], False), period(row[7], True)
        if (start or end) and (start is None or start <= d) and (end is None or d <= end):
            rows.add(number)
    return rows


@pytest.fixture(scope="module")
def store():
    handle = open_store("memory")
    import_files(handle, [EXAMPLE], name="partner")
    return handle


def rows_of(store, iris) -> list[int]:
    return sorted(int(store.dataset.value(iri, KG.sourceRow)) for iri in iris)


@pytest.mark.parametrize("day", DAYS)
def test_cooperations_on_a_day(store, day):
    answer = store.query(question_query(store, "kooperationen-am-stichtag", [f"stichtag={day}"]))
    assert rows_of(store, [row.beziehung for row in answer]) == sorted(holding(day))


@pytest.mark.parametrize("first,second", [("2016-01-01", "2020-01-01"), ("2017-12-31", "2023-01-01")])
def test_what_changed_between_two_days(store, first, second):
    answer = list(store.query(question_query(store, "aenderungen-zwischen-zwei-daten", [f"von={first}", f"bis={second}"])))
    found = {look: rows_of(store, [r.beziehung for r in answer if str(r.aenderung) == look])
             for look in ("begonnen", "geendet", "geblieben")}
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(second)
    began = [n for n, row in enumerate(RELATIONS, 2) if row[6] and a < period(row[6], False) <= b]
    # a relation that began and ended in between counts under both
    ended = [n for n, row in enumerate(RELATIONS, 2) if row[7] and a <= period(row[7], True) < b]
    stayed = sorted(holding(first) & holding(second))
    assert found == {"begonnen": began, "geendet": ended, "geblieben": stayed}
    assert began and stayed


def test_the_network_on_a_day_and_compared(store):
    client = create_app(store).test_client()
    base = "/netzwerk.json?graph=https://w3id.org/koopgraph/graph/eigene/partner"
    everything = client.get(base).get_json()
    on_day = client.get(base + "&stand=2015-06-30").get_json()
    # on 30 Jun 2015 only the relations of rows holding then; their edges are what the view keeps
    relations_then = holding("2015-06-30")
    assert relations_then == {10, 12}          # Aulendorf – Sozialamt (2015), Landkreis – Jugendamt (2015)
    dated_edge_ids = {e["id"] for e in everything["edges"] if "worksWithActor" in e["id"] or "supports" in e["id"]}
    kept = {e["id"] for e in on_day["edges"]} & dated_edge_ids
    assert len(kept) == 2 and on_day["counts"]["edges"] < everything["counts"]["edges"]
    compared = client.get(base + "&stand=2016-01-01&vergleich=2020-01-01").get_json()
    counts = compared["zeit"]["zaehlung"]
    assert counts["begonnen"] > 0 and counts["geblieben"] > 0
    assert sum(counts.values()) == compared["counts"]["edges"]
    colours = {e["color"] for e in compared["edges"]}
    assert "#2e7d32" in colours                 # begun edges are drawn green
    assert client.get(base + "&stand=15.06.2020").status_code == 400


@pytest.mark.parametrize("name,params,expected", [
    ("kooperationen-am-stichtag", {"stichtag": "2018-06-15"}, lambda: len(holding("2018-06-15"))),
    ("aenderungen-zwischen-zwei-daten", {"von": "15.06.2015", "bis": "2023-01-01"}, None),
])
def test_the_time_questions_from_their_page(store, name, params, expected):
    client = create_app(store).test_client()
    page = client.get(f"/abfragen/{name}", query_string={**params, "frage": "1"}, headers={"Accept": "application/json"})
    assert page.status_code == 200, page.get_data(as_text=True)
    rows = page.get_json()["results"]["results"]["bindings"]
    assert rows and (expected is None or len(rows) == expected())
    html = client.get(f"/abfragen/{name}").get_data(as_text=True)
    assert 'type="date"' in html
