"""The "SPARQL-Einstieg" page (issue 16): ten examples that run on the study dataset with its
official base layer, each fetched as an analyst would, by a plain URL with ?format=csv.

Expected values come from the build's source tables (the study's Anhang I, the Länder table),
read here with the csv module, not from the queries under test.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from pathlib import Path

import pytest
from conftest import LiveServer, copy_store
from engines import koopgraph

from koopgraph.graph.sparql.einstieg import examples

BUILD = Path(__file__).resolve().parent.parent / "data" / "build"


def table(name: str) -> list[dict]:
    with open(BUILD / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def server(tmp_path_factory, _shipped_template):
    """`koopgraph serve` on a new embedded store: the study dataset and the official base layer."""
    store = str(tmp_path_factory.mktemp("einstieg") / "store")
    copy_store(_shipped_template, Path(store))   # made once per session (conftest), not within the start-up wait
    live = LiveServer(store)
    yield live
    print(live.stop()[-2000:])


@pytest.fixture(scope="module")
def page(server):
    """The page's JSON twin: the examples with their links."""
    request = urllib.request.Request(server.url + "/abfragen/einstieg", headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def rows_of(url: str) -> list[dict]:
    """The CSV answer of a plain GET (no Accept header, as pandas.read_csv(url) sends it)."""
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "X-Koopgraph-Row-Cap" not in response.headers, "an example is whole"
        return list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))


def test_the_page_shows_ten_examples_with_title_hint_and_links(server, page):
    assert len(page["examples"]) == 10 == len(examples())
    with urllib.request.urlopen(server.url + "/abfragen/einstieg", timeout=60) as response:
        html = response.read().decode("utf-8")
    for example in examples():
        assert f'id="{example.name}"' in html and example.title in html
    assert "/abfragen/einstieg" in urllib.request.urlopen(server.url + "/abfragen", timeout=60).read().decode()


@pytest.mark.parametrize("number", range(10))
def test_every_example_runs_and_gives_rows(page, number):
    example = page["examples"][number]
    assert rows_of(example["csv"]), f"{example['name']} gave no rows"


def test_subclasses_find_the_45_kreisangehoerige_kommunen_of_anhang_i(page):
    rows = rows_of(page["examples"][0]["csv"])
    annex = {r["name"] for r in table("anhang-i.csv") if r["type"] == "kreisangehoerige-kommune"}
    assert len(annex) == 45 and {r["name"] for r in rows} == annex


def test_german_names_give_each_land_once(page):
    rows = rows_of(page["examples"][1]["csv"])
    assert [r["name"] for r in rows] == sorted(r["name_de"] for r in table("laender.csv"))


def test_the_paging_example_gives_one_full_page(page):
    assert len(rows_of(page["examples"][9]["csv"])) == 1000
