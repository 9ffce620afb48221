"""Every command of the `koopgraph` console script: help, work, errors, exit codes."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA
from koopgraph.web.cli import main
from rdflib import Dataset, Graph, URIRef
from rdflib.query import Result

FIXTURE = DATA / "parity.trig"
COMMANDS = sorted(main.commands)


def console_script() -> str:
    beside_python = Path(sys.executable).parent / "koopgraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("koopgraph")
    assert found, "the koopgraph console script is installed"
    return found


def run_script(*args, cwd):
    return subprocess.run([console_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("command", [None] + COMMANDS)
def test_help_of_each_command_runs_from_the_installed_script(command, tmp_path):
    args = ["--help"] if command is None else [command, "--help"]
    done = run_script(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Usage: koopgraph" in done.stdout
    if command is None:
        assert all(name in done.stdout for name in COMMANDS)


def test_a_user_error_is_one_line_and_exit_code_1(tmp_path):
    done = run_script("load", "--store", str(tmp_path / "s"), "--empty", str(DATA / "bad-and-good" / "bad.ttl"),
                      cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "bad.ttl:5:1" in done.stderr


def test_debug_shows_the_traceback(tmp_path):
    done = run_script("--debug", "load", "--store", "memory", "--empty", str(tmp_path / "missing.ttl"),
                      cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" in done.stderr


def test_wrong_usage_is_exit_code_2(tmp_path):
    assert run_script("query", "--format", "nonsense", "ASK {}", cwd=tmp_path).returncode == 2
    assert run_script("no-such-command", cwd=tmp_path).returncode == 2


@pytest.fixture
def loaded(tmp_path):
    """An embedded store holding the parity fixture, and a CLI runner."""
    store = str(tmp_path / "store")
    runner = CliRunner()
    done = runner.invoke(main, ["load", "--store", store, "--empty", str(FIXTURE)])
    assert done.exit_code == 0, done.output
    return runner, store


def fixture_dataset():
    dataset = Dataset()
    dataset.parse(FIXTURE, format="trig")
    return dataset


POPULATION = "SELECT ?k ?n WHERE { ?k <https://w3id.org/koopgraph/ontology#population> ?n }"


@pytest.mark.parametrize("fmt, parser", [("json", "json"), ("xml", "xml"), ("csv", "csv"), ("tsv", "tsv")])
def test_query_writes_standard_result_formats(loaded, fmt, parser):
    runner, store = loaded
    done = runner.invoke(main, ["query", "--store", store, "--format", fmt, POPULATION])
    assert done.exit_code == 0, done.output
    parsed = Result.parse(io.BytesIO(done.stdout_bytes), format=parser)
    population = URIRef("https://w3id.org/koopgraph/ontology#population")
    expected = {(str(s), int(o)) for s, _, o, _ in fixture_dataset().quads((None, population, None, None))}
    assert len(expected) == 4
    assert {(str(row[0]), int(row[1])) for row in parsed} == expected


def test_query_reads_a_rq_file_and_prints_a_table(loaded, tmp_path):
    runner, store = loaded
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?anzahl) WHERE { ?s ?p ?o }")
    done = runner.invoke(main, ["query", "--store", store, str(rq)])
    expected = len(set(fixture_dataset().quads((None, None, None, None))))
    assert done.exit_code == 0 and "anzahl" in done.output and str(expected) in done.output


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_query_construct_in_rdf_formats(loaded, fmt, rdflib_format):
    runner, store = loaded
    done = runner.invoke(main, ["query", "--store", store, "--format", fmt,
                                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://example.org/graph/struktur> { ?s ?p ?o } }"])
    assert done.exit_code == 0, done.output
    graph = Graph().parse(data=done.stdout_bytes, format=rdflib_format)
    struktur = fixture_dataset().graph(URIRef("https://example.org/graph/struktur"))
    assert len(graph) == len(struktur)


def test_query_syntax_error_names_line_and_column(loaded):
    runner, store = loaded
    done = runner.invoke(main, ["query", "--store", store, "SELECT * WHERE {\n  ?s ?p \n}"])
    # the object is missing: the first token that cannot go on is the "}" opening line 3
    assert done.exit_code == 1 and "line 3, column 1" in done.output and "Traceback" not in done.output


def test_export_whole_store_and_one_graph(loaded, tmp_path):
    runner, store = loaded
    out = tmp_path / "all.nq"
    assert runner.invoke(main, ["export", "--store", store, "-o", str(out)]).exit_code == 0
    again = Dataset().parse(out, format="nquads")
    assert len(set(again.quads((None, None, None, None)))) == len(set(fixture_dataset().quads((None, None, None, None))))
    done = runner.invoke(main, ["export", "--store", store, "--graph", "https://example.org/graph/zahlen"])
    assert len(Graph().parse(data=done.stdout_bytes, format="turtle")) == 6


def test_export_refuses_turtle_for_the_whole_store_and_unknown_graphs(loaded):
    runner, store = loaded
    done = runner.invoke(main, ["export", "--store", store, "--format", "turtle"])
    assert done.exit_code == 1 and "named graphs" in done.output
    done = runner.invoke(main, ["export", "--store", store, "--graph", "https://example.org/none"])
    assert done.exit_code == 1 and "no graph" in done.output


def test_stats_counts_graphs_classes_and_properties(loaded):
    runner, store = loaded
    done = runner.invoke(main, ["stats", "--store", store])
    assert done.exit_code == 0
    dataset = fixture_dataset()
    for graph in ("struktur", "zahlen", "kooperation"):
        size = len(dataset.graph(URIRef(f"https://example.org/graph/{graph}")))
        assert f"{size}  https://example.org/graph/{graph}" in done.output
    assert "3  https://w3id.org/koopgraph/ontology#KreisangehoerigeKommune" in done.output


def test_store_can_come_from_the_environment(tmp_path):
    runner = CliRunner()
    env = {"KOOPGRAPH_STORE": str(tmp_path / "env-store")}
    assert runner.invoke(main, ["load", "--empty", str(FIXTURE)], env=env).exit_code == 0
    done = runner.invoke(main, ["query", "--format", "json", "ASK { ?s ?p ?o }"], env=env)
    assert json.loads(done.stdout)["boolean"] is True


def test_validate_reports_a_broken_file_in_plain_words(tmp_path):
    # The fixture's README: population 0 and foreign share 120.5 for "Teststadt".
    done = run_script("validate", str(DATA / "broken-kommune-zahlen.trig"), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("Violation")]
    assert len(lines) == 2
    assert any("'Teststadt'" in line and "kg:population" in line and "'0'" in line for line in lines)
    assert any("kg:foreignShare" in line and "'120.5'" in line for line in lines)


def test_validate_passes_on_the_shipped_study_dataset(tmp_path):
    # The study's files and the base layer's triples about its places and all of Thüringen (the whole
    # base layer takes pySHACL ~10 minutes: `koopgraph validate` on a new store, measured for issue 13).
    from test_dataset_validation import base_layer_sample

    from rdflib import Dataset, URIRef

    sample = tmp_path / "gebiet-auszug.trig"  # in the base layer's graph, where the study profile reads it
    dataset = Dataset()
    dataset.graph(URIRef("https://w3id.org/koopgraph/graph/gebiet")).__iadd__(base_layer_sample())
    dataset.serialize(sample, format="trig")
    files = [str(p) for p in sorted((Path(__file__).parents[1] / "data").glob("*.trig"))] + [str(sample)]
    done = CliRunner().invoke(main, ["validate", *files])
    assert done.exit_code == 0, done.output
    assert "0 violations" in done.output
