"""The ten most common SPARQL mistakes, each answered with one sentence naming its place and cause (issue 16).

Through the two ways an analyst meets them: the JSON error body of /sparql (a real `koopgraph serve`)
and `koopgraph query`. Line and column of each mistake are worked out here from the text and the
piece where the mistake is, not taken from koopgraph. (tests/test_sparql_errors.py covers more
mistakes in-process; this file the ten an analyst makes most, end to end.)
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from engines import koopgraph
from processes import LiveServer
from test_sparql_errors import place

PREFIXES = ("PREFIX kg: <https://w3id.org/koopgraph/ontology#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
# name: (query, the piece where the mistake is (its first occurrence), words the German sentence must hold,
#        words the English one must hold)
TEN = {
    "missing PREFIX": ("SELECT ?k WHERE {\n  ?k a kg:Kommune\n}", "kg:Kommune",
                       ["Präfix »kg:« ist nicht definiert", "PREFIX kg: <https://w3id.org/koopgraph/ontology#>"],
                       ["prefix kg: is not declared"]),
    "variable neither grouped nor aggregated": (
        PREFIXES + "SELECT ?land ?k (COUNT(?k) AS ?n)\nWHERE { ?k kg:inLand ?land }\nGROUP BY ?land", "?k (",
        ["?k steht im SELECT", "weder gruppiert noch aggregiert"], ["neither grouped nor aggregated"]),
    "aggregate without GROUP BY beside another variable": (
        PREFIXES + "SELECT ?land (COUNT(?k) AS ?n)\nWHERE { ?k kg:inLand ?land }", "?land (",
        ["?land steht im SELECT", "GROUP BY ?land"], ["?land is in SELECT", "GROUP BY ?land"]),
    "unbalanced braces": (PREFIXES + "SELECT ?k WHERE {\n  ?k a kg:Kommune .\n  OPTIONAL { ?k rdfs:label ?l }\n",
                          "{\n  ?k a", ["»{«", "nicht geschlossen"], ["»{«"]),
    "subject repeated after a semicolon": (
        PREFIXES + "SELECT ?k ?l WHERE {\n  ?k a kg:Kommune ;\n     ?k rdfs:label ?l\n}", "?k rdfs:label",
        ["Nach »;« folgen nur Prädikat und Objekt", "».« statt »;«"], ["after »;«"]),
    "dot where a semicolon belongs": (
        PREFIXES + "SELECT ?k ?l WHERE {\n  ?k a kg:Kommune .\n     rdfs:label ?l\n}", ".\n     rdfs",
        ["Nach ».« beginnt ein neues Tripelmuster", "»;«"], ["after ».«"]),
    "misspelt keyword": (PREFIXES + "SELECT ?k WHERE {\n  ?k a kg:Kommune\n}\nORDR BY ?k", "ORDR",
                         ["»ORDR« ist kein SPARQL-Schlüsselwort", "meinten Sie ORDER?"], ["did you mean ORDER?"]),
    "IRI without angle brackets": ("SELECT ?k WHERE {\n  ?k a https://w3id.org/koopgraph/ontology#Kommune\n}",
                                   "https:", ["in spitzen Klammern"], ["angle brackets"]),
    "IRI in quotes": ('SELECT ?k ?l WHERE {\n  ?k "http://www.w3.org/2000/01/rdf-schema#label" ?l\n}', '"http',
                      ["ist eine Zeichenkette, keine IRI", "<http://www.w3.org/2000/01/rdf-schema#label>"],
                      ["is a string, not an IRI"]),
    "language tag without quotes": (
        PREFIXES + "SELECT ?k ?l WHERE {\n  ?k rdfs:label ?l\n  FILTER(lang(?l) = de)\n}", "de)",
        ["Sprachkennung »de« steht in Anführungszeichen", 'lang(?name) = "de"'], ["goes in quotes"]),
    "language tag after ^^": (PREFIXES + 'SELECT ?k WHERE {\n  ?k rdfs:label "Kiel"^^@de\n}', '"Kiel"',
                              ['"Kiel"@de (ohne ^^)'], ['"Kiel"@de (without ^^)']),
    "unclosed string": (PREFIXES + 'SELECT ?k WHERE {\n  ?k rdfs:label "Kiel@de\n}', '"Kiel',
                        ["Zeichenkette wird nicht geschlossen"], ["string"]),
}


@pytest.fixture(scope="module")
def server():
    """`koopgraph serve` on an empty in-memory store: a syntax error needs no data."""
    started = LiveServer("memory", "--empty")
    yield started
    started.stop()


def error_body(url: str, sparql: str) -> dict:
    request = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": sparql}),
                                     headers={"Accept": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=60)
    assert caught.value.code == 400
    return json.loads(caught.value.read())


@pytest.mark.parametrize("name", list(TEN))
def test_the_json_error_body_names_place_and_cause(server, name):
    text, piece, german, english = TEN[name]
    body = error_body(server.url, text)
    assert (body["line"], body["column"]) == place(text, piece), body
    for words in german:
        assert words in body["de"], body["de"]
    for words in english:
        assert words in body["en"], body["en"]
    for sentence in (body["de"], body["en"]):  # one sentence, without the parser's character ranges
        assert "\n" not in sentence and "\\u{" not in sentence and "erwartet wurde" not in sentence


@pytest.mark.parametrize("name", list(TEN))
def test_the_command_line_says_it_in_one_line(tmp_path, name):
    text, piece, german, english = TEN[name]
    done = koopgraph("query", "--store", "memory", "--empty", text, cwd=tmp_path)
    line, column = place(text, piece)
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"Zeile {line}, Spalte {column}: " in done.stderr and f"line {line}, column {column}: " in done.stderr
    assert all(words in done.stderr for words in german + english), done.stderr
