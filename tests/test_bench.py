"""The side-by-side benchmark, end to end at scale XS: report shape, parity, endpoints, CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from koopgraph.graph.bench.report import markdown
from koopgraph.graph.bench.run import BenchOptions, run_benchmark
from koopgraph.ontology import ontology_files
from koopgraph.web.cli import main
from rdflib import Graph

# Scale XS holds Hamburg, Bremen and Saarland. Destatis (31.12.2023): the Saarland has 6 Landkreise,
# no kreisfreie Stadt and 52 Gemeinden — the largest of the three, so the benchmark's Land.
SAARLAND_KOMMUNEN = 6 + 52


@pytest.fixture(scope="module")
def xs_report(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return run_benchmark(BenchOptions(scale="XS", repeat=2, budget_s=1.0, cache_dir=cache))


def test_report_has_the_required_keys(xs_report):
    assert set(xs_report["load"]) == {"memory", "oxigraph", "pyoxigraph"}
    ontology = sum(len(Graph().parse(str(f), format="turtle")) for f in ontology_files())
    for entry in xs_report["load"].values():
        assert entry["triples"] == xs_report["file_triples"] + ontology
        assert entry["seconds"] > 0 and entry["peak_mb"] > 0
    names = [q["name"] for q in xs_report["queries"]]
    assert names == ["point_lookup", "one_hop_partners", "group_by_kreis_land", "optional_group_by",
                     "text_and_range", "hierarchy_path", "two_hop_ego", "facet_counts"]
    for q in xs_report["queries"]:
        assert q["parity"] is True, q
        for key in ("cold_ms", "median_ms", "p95_ms"):
            assert set(q[key]) == {"memory", "oxigraph", "pyoxigraph"}
            assert all(v > 0 for v in q[key].values())
    assert xs_report["machine"]["cores"] >= 1 and xs_report["machine"]["libraries"]["pyoxigraph"]
    json.dumps(xs_report)  # the report is plain JSON


def test_the_queries_answer_what_the_destatis_figures_say(xs_report):
    rows = {q["name"]: q["rows"]["pyoxigraph"] for q in xs_report["queries"]}
    assert rows["hierarchy_path"] == SAARLAND_KOMMUNEN
    assert rows["group_by_kreis_land"] == 6  # one row per Landkreis of the three Länder


def test_markdown_puts_the_configurations_side_by_side(xs_report):
    text = markdown(xs_report)
    assert "| Query | answers agree |" in text
    assert "memory median / p95 ms | oxigraph median / p95 ms | pyoxigraph median / p95 ms" in text
    assert f"{xs_report['machine']['cores']} cores" in text


def test_parity_catches_a_wrong_configuration(tmp_path):
    report = run_benchmark(BenchOptions(scale="XS", configs=("pyoxigraph", "pyoxigraph-default-graph"),
                                        repeat=1, budget_s=0.1, cache_dir=tmp_path))
    for q in report["queries"]:
        assert q["parity"] is False, q["name"]
        assert "median_ms" not in q and "p95_ms" not in q
        assert q["disagreement"]["pyoxigraph-default-graph"]["rows"] == 0
    assert report["ratios"]["oxigraph_over_pyoxigraph"] is None


def test_an_endpoint_is_loaded_through_the_store_layer_and_agrees(tmp_path, oxigraph_server):
    report = run_benchmark(BenchOptions(scale="XS", configs=("pyoxigraph",), repeat=1, budget_s=0.1,
                                        endpoints=(oxigraph_server + "/query",),
                                        update_endpoint=oxigraph_server + "/update", cache_dir=tmp_path))
    endpoint = oxigraph_server + "/query"
    assert report["load"][endpoint]["triples"] == report["load"]["pyoxigraph"]["triples"] > report["file_triples"]
    assert all(q["parity"] is True and endpoint in q["median_ms"] for q in report["queries"])


def test_an_endpoint_with_other_data_is_refused(tmp_path, oxigraph_server):
    from koopgraph.graph.store import open_store

    other = open_store(oxigraph_server + "/query", update_endpoint=oxigraph_server + "/update", empty=True)
    other.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> "
                 "<http://example.org/p> 1 } }")
    report = run_benchmark(BenchOptions(scale="XS", configs=(), repeat=1, endpoints=(oxigraph_server + "/query",),
                                        update_endpoint=oxigraph_server + "/update", cache_dir=tmp_path))
    assert "holds other data" in report["errors"][oxigraph_server + "/query"]
    assert len(other) == 1  # nothing of the endpoint's own data was touched


def test_bench_command_writes_json_and_prints_the_table(tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["bench", "--scale", "XS", "--config", "pyoxigraph", "--repeat", "1",
                                       "--cache-dir", str(tmp_path), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "| point_lookup | unchecked |" in result.output  # one configuration cannot check parity
    assert json.loads(out.read_text())["queries"][0]["name"] == "point_lookup"


def test_bench_command_refuses_a_local_path_as_endpoint(tmp_path):
    result = CliRunner().invoke(main, ["bench", "--scale", "XS", "--store", str(tmp_path)])
    assert result.exit_code == 1 and "not an http(s) URL" in result.output
