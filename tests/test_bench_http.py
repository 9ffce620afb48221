"""The HTTP section of the benchmark: a real `koopgraph serve` on the synthetic graph, pages timed."""

from __future__ import annotations

import urllib.parse

from koopgraph.graph.bench import ontology_files, synthetic_file
from koopgraph.graph.bench_http import http_markdown, http_section
from koopgraph.graph.bench_queries import bench_parameters


def test_pages_are_served_from_the_synthetic_store_and_timed(tmp_path):
    file, triples = synthetic_file("XS", 1, tmp_path)
    kommune = str(bench_parameters("XS", 1)["kommune"])
    ask = urllib.parse.quote(f"ASK {{ <{kommune}> ?p ?o }}")
    pages = [("ask_kommune", f"/sparql?query={ask}"), ("missing", "/gibt-es-nicht")]
    section = http_section(file, ontology_files(), pages, repeat=2)
    assert section["triples"] > triples  # the synthetic graph and the ontology
    ask_page, missing = section["pages"]["ask_kommune"], section["pages"]["missing"]
    assert ask_page["status"] == 200 and ask_page["repetitions"] == 2 and ask_page["bytes"] > 0
    assert missing["status"] == 404
    text = http_markdown(section)
    assert "| ask_kommune" in text and "| 404 |" in text and "**no**" in text
