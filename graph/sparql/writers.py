"""The endpoint's answers written straight from pyoxigraph's terms, cut at the row cap.

pyoxigraph writes SPARQL results only from a whole ``QuerySolutions`` iterator, and an
answer cut at the row cap needs just its first rows; rdflib's writers (the way before) took
10-20 times longer than the query itself for a few thousand rows. So the four SPARQL 1.1
result formats are written here from the rows, in the form pyoxigraph writes them (tests read
both with pyoxigraph's parser and compare); graphs go to pyoxigraph's own RDF serialisers.

>>> import pyoxigraph as ox
>>> from koopgraph.graph.store import Solutions
>>> answer = Solutions.of_ox(ox.Store().query('SELECT ?x WHERE { VALUES ?x { "a,b" 2 } }'))
>>> written = write_answer(answer, "csv", cap=1)
>>> written.body, written.rows, written.cut
(b'x\\r\\n"a,b"\\r\\n', 1, True)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from ..errors import KoopgraphError
from ..namespaces import PREFIXES

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


@dataclass(frozen=True)
class Written:
    """An answer's bytes, how many rows (or triples) they hold, and whether more were cut."""

    body: bytes
    rows: int = 0
    cut: bool = False


def write_answer(solutions, fmt: str, cap: int | None = None) -> Written:
    """``solutions`` (:class:`koopgraph.graph.store.Solutions`) in ``fmt``, at most ``cap`` rows."""
    if solutions.type == "ASK":
        return Written(write_boolean(bool(solutions.boolean), fmt))
    items = list(islice(solutions.native, None if cap is None else cap + 1))
    cut = cap is not None and len(items) > cap
    items = items[:cap] if cut else items
    if solutions.type == "SELECT":
        if fmt not in RESULT_FORMATS:
            raise KoopgraphError(f"a SELECT result cannot be written as {fmt}", hint="Use json, xml, csv or tsv.")
        body = _ROW_WRITERS[fmt](solutions.variables, items)
    else:
        if fmt not in GRAPH_FORMATS:
            raise KoopgraphError(f"a graph result cannot be written as {fmt}",
                                 hint="Use turtle, ntriples, jsonld or xml.")
        prefixes = PREFIXES if fmt == "turtle" else None
        body = ox.serialize(items, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
    return Written(body, len(items), cut)


def write_boolean(answer: bool, fmt: str) -> bytes:
    """An ASK answer in a SPARQL results format."""
    word = "true" if answer else "false"
    if fmt == "json":
        return b'{"head":{},"boolean":' + word.encode() + b"}"
    if fmt == "xml":
        return (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
                b"<boolean>" + word.encode() + b"</boolean></sparql>")
    return word.encode()


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            cell["datatype"] = term.datatype.value
        return cell
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate), "object": _json_term(term.object)}}


def _json(variables: list[str], rows: Iterable) -> bytes:
    bindings = [{name: _json_term(value) for name, value in zip(variables, row) if value is not None}
                for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _csv_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def _csv(variables: list[str], rows: Iterable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_text(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _tsv(variables: list[str], rows: Iterable) -> bytes:
    # a term in N-Triples syntax; a tab inside a literal is written as the escape \t
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if value is None else str(value).replace("\t", "\\t") for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def escape(text: str) -> str:
    """XML text with line ends and tabs as character references: a parser keeps them, also at the ends."""
    return _escape(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml(variables: list[str], rows: Iterable) -> bytes:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    results = "".join(
        "<result>" + "".join(f"<binding name={quoteattr(name)}>{_xml_term(value)}</binding>"
                             for name, value in zip(variables, row) if value is not None) + "</result>"
        for row in rows)
    return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>'
            f"<results>{results}</results></sparql>").encode("utf-8")


_ROW_WRITERS = {"json": _json, "csv": _csv, "tsv": _tsv, "xml": _xml}
