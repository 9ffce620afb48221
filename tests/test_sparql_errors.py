"""Readable errors for the common mistakes in SPARQL: place and cause in German and English (issue 16).

Each case names the text, the piece of it where the mistake is (its line and column are worked
out here from the text, not taken from koopgraph), and words the German sentence must contain.
Before, the parser's message was "expected one of …" with lists of Unicode character ranges.
"""

from __future__ import annotations

import pytest
from koopgraph.graph.errors import QuerySyntaxError
from koopgraph.graph.sparql.query import query
from koopgraph.graph.store import open_store

KG = "PREFIX kg: <https://w3id.org/koopgraph/ontology#>\n"
# name: (query, the piece where the error is (its first occurrence), words of the German sentence)
MISTAKES = {
    "undefined prefix": ("SELECT ?n WHERE { ?p foaf:name ?n }", "foaf:name",
                         ["Präfix »foaf:« ist nicht definiert", "PREFIX foaf: <http://xmlns.com/foaf/0.1/>"]),
    "non-grouped variable": (KG + "SELECT ?land ?k (COUNT(?k) AS ?n) WHERE { ?k kg:inLand ?land } GROUP BY ?land",
                             "?k (", ["?k steht im SELECT", "weder gruppiert noch aggregiert"]),
    "unclosed brace": ("SELECT * WHERE { ?s ?p ?o ", "{", ["»{«", "nicht geschlossen", "»}«"]),
    "closing brace too many": ("SELECT * WHERE { ?s ?p ?o } } LIMIT 1", "} LIMIT", ["»}« schließt nichts"]),
    "missing dot": ("SELECT * WHERE {\n  ?s <http://x/p> ?o\n  ?s <http://x/q> ?z\n}", "?s <http://x/q>",
                    ["fehlt ein Punkt", "?o ."]),
    "unclosed string": ('SELECT * WHERE { ?s ?p "Kiel }', '"Kiel', ["Zeichenkette wird nicht geschlossen"]),
    "misspelt keyword": ("SELEC * WHERE { ?s ?p ?o }", "SELEC", ["»SELEC« ist kein SPARQL-Schlüsselwort",
                                                                   "meinten Sie SELECT?"]),
    "aggregate without name": ("SELECT COUNT(?s) WHERE { ?s ?p ?o }", "COUNT", ["Klammern und einen Namen",
                                                                                "(COUNT(?x) AS ?anzahl)"]),
    "aggregate without AS": ("SELECT (COUNT(?s)) WHERE { ?s ?p ?o }", "(COUNT", ["braucht einen Namen"]),
    "comma in SELECT": ("SELECT ?s, ?o WHERE { ?s ?p ?o }", ",", ["Komma", "SELECT ?s ?o"]),
    "slash in a prefixed name": ("PREFIX kgid: <https://w3id.org/koopgraph/id/>\n"
                                 "SELECT * WHERE { kgid:land/bayern ?p ?o }", "kgid:land/bayern",
                                 ["kein gültiger Präfixname", "land:bayern",
                                  "PREFIX land: <https://w3id.org/koopgraph/id/land/>"]),
    "FILTER without parentheses": ("SELECT * WHERE { ?s ?p ?o FILTER ?o > 3 }", "?o > 3",
                                   ["in runden Klammern", "FILTER(?x > 3)"]),
    "LIMIT before ORDER BY": ("SELECT * WHERE { ?s ?p ?o } LIMIT 10 ORDER BY ?s", "ORDER",
                              ["ORDER BY steht nach LIMIT", "GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET"]),
    "SELECT * with GROUP BY": ("SELECT * WHERE { ?s ?p ?o } GROUP BY ?s", "*", ["SELECT * geht nicht mit GROUP BY"]),
    "BIND to a bound variable": ("SELECT * WHERE { ?s ?p ?o BIND(1 AS ?o) }", "?o)", ["?o ist in dieser Gruppe schon"]),
}


def place(text: str, piece: str) -> tuple[int, int]:
    """Line and column (from 1) of the first occurrence of ``piece`` in ``text``."""
    offset = text.index(piece)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.fixture(scope="module")
def store():
    return open_store("memory", empty=True)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_common_mistake_is_named_at_its_place_in_german_and_english(store, name):
    text, piece, words = MISTAKES[name]
    with pytest.raises(QuerySyntaxError) as caught:
        query(store, text)
    error = caught.value
    assert (error.line, error.column) == place(text, piece), str(error)
    for word in words:
        assert word in error.german, error.german
    assert error.message and not error.message.startswith("not a valid"), error.message
    assert "\\u{" not in str(error) and "..=" not in str(error)  # no character ranges of the parser


def test_an_unrecognised_mistake_keeps_the_engines_place_without_character_ranges(store):
    import re

    import pyoxigraph as ox

    for text in ["SELECT * WHERE { ?s ?p ?o OPTIONAL ?s }", "SELECT ?n WHERE { ?s ?p ?n FILTER(?n + ) . ?s ?p 1 }"]:
        with pytest.raises(SyntaxError) as engine:
            ox.Store().query(text)
        line, column = map(int, re.match(r"error at (\d+):(\d+)", str(engine.value)).groups())
        column = min(column, len(text.split("\n")[line - 1]))  # past the end: shown at the last character
        with pytest.raises(QuerySyntaxError) as caught:
            query(store, text)
        error = caught.value
        assert (error.line, error.column) == (line, column)
        assert error.german and "[_]" not in str(error) and "\\u{" not in str(error), str(error)


def test_valid_queries_that_look_like_mistakes_run(store):
    """The explanations only ever explain: these texts are valid and are answered."""
    for text in ["SELECT ?s WHERE { ?s <http://x/p>/<http://x/q> ?o }",
                 "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                 "SELECT ?s (SAMPLE(?o) AS ?x) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?s LIMIT 3 OFFSET 1",
                 "SELECT * WHERE { VALUES (?a ?b) { (1 2) (3 4) } FILTER regex(str(?a), '1') }"]:
        list(query(store, text))


def test_the_command_line_says_the_same_in_one_line(tmp_path):
    from engines import koopgraph

    text, piece, words = MISTAKES["undefined prefix"]
    done = koopgraph("query", "--store", "memory", "--empty", text, cwd=tmp_path)
    line, column = place(text, piece)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"Zeile {line}, Spalte {column}: {words[0]}" in done.stderr
    assert f"line {line}, column {column}: the prefix foaf: is not declared" in done.stderr
