"""What /sparql adds to an answer for tools that cannot set headers, and for downloads.

``?format=csv|tsv|json|xml|turtle|ntriples|jsonld`` (or Fuseki's ``output=``) chooses the
result format in a plain URL, so ``pandas.read_csv(url)`` works; a name it does not know leaves
the choice to the Accept header. ``download=1`` asks for the
server's larger download row cap and an attachment with a file name. A cut answer that went
to such a tool says so in its first line as well as in the headers (the tool cannot read
them): a comment line in CSV, TSV, Turtle and N-Triples, an XML comment, a first JSON key.
"""

from __future__ import annotations

import json

from koopgraph.graph.sparql.execution import QueryAnswer

FORMAT_PARAMETERS = ("format", "output")
# format name -> media type for each query form it can carry
FORMATS: dict[str, dict[str, str]] = {
    "json": {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
             "CONSTRUCT": "application/ld+json", "DESCRIBE": "application/ld+json"},
    "xml": {"SELECT": "application/sparql-results+xml", "ASK": "application/sparql-results+xml",
            "CONSTRUCT": "application/rdf+xml", "DESCRIBE": "application/rdf+xml"},
    "csv": {"SELECT": "text/csv"},
    "tsv": {"SELECT": "text/tab-separated-values"},
    "turtle": {"CONSTRUCT": "text/turtle", "DESCRIBE": "text/turtle"},
    "ntriples": {"CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"},
    "jsonld": {"CONSTRUCT": "application/ld+json", "DESCRIBE": "application/ld+json"},
}
SUFFIXES = {"application/sparql-results+json": "json", "application/ld+json": "jsonld",
            "application/sparql-results+xml": "xml", "application/rdf+xml": "rdf", "text/csv": "csv",
            "text/tab-separated-values": "tsv", "text/turtle": "ttl", "application/n-triples": "nt"}


# other names clients send (SPARQLWrapper: json-ld, rdf+xml, n3; file suffixes)
ALIASES = {"json-ld": "jsonld", "rdf+xml": "xml", "rdf": "xml", "rdfxml": "xml", "n3": "turtle", "ttl": "turtle",
           "nt": "ntriples", "n-triples": "ntriples"}


def requested_format(params) -> str | None:
    """The format named by ``format`` or ``output`` (a name of :data:`FORMATS`, an alias or a media type);
    None if neither names one, so that the Accept header decides."""
    for parameter in FORMAT_PARAMETERS:
        name = (params.get(parameter) or "").strip().lower()
        name = ALIASES.get(name, name)
        if name in FORMATS:
            return name
        by_media = [n for n, forms in FORMATS.items() if name in forms.values()]
        if by_media:
            return by_media[0]
    return None


def media_types_for(name: str) -> dict[str, str | None]:
    """The media type of each query form in format ``name`` (None: the form cannot be written in it)."""
    return {form: FORMATS[name].get(form) for form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")}


def forms_of(name: str) -> str:
    return ", ".join(FORMATS[name])


def file_name(answer: QueryAnswer) -> str:
    """``abfrage.csv``; ``abfrage-gekuerzt-250000-zeilen.csv`` when the row cap cut the answer."""
    stem = f"abfrage-gekuerzt-{answer.rows}-zeilen" if answer.cut else "abfrage"
    return f"{stem}.{SUFFIXES.get(answer.media_type, 'txt')}"


def cut_note(answer: QueryAnswer, setting: str) -> str:
    """The sentence that says a download was cut, German and English."""
    rows = f"{answer.rows:,}"
    return (f"GEKÜRZT: nur die ersten {rows.replace(',', '.')} Zeilen (Zeilenlimit des Servers, {setting}); "
            f"mit ORDER BY, LIMIT und OFFSET lässt sich der Rest abfragen. / CUT: only the first {rows} rows "
            f"(the server's row cap, {setting}); page through the rest with ORDER BY, LIMIT and OFFSET.")


def with_cut_note(answer: QueryAnswer, note: str) -> bytes:
    """The answer's body with ``note`` in its first line (or first key), in the syntax of its format."""
    media, body = answer.media_type, answer.body
    if media in ("application/sparql-results+json", "application/ld+json"):
        head = b'{"koopgraph_note":' + json.dumps(note, ensure_ascii=False).encode("utf-8")
        if body.lstrip().startswith(b"["):  # JSON-LD as a list of nodes: the same nodes under @graph
            return head + b',"@graph":' + body + b"}"
        return head + b"," + body.lstrip()[1:]
    if media.endswith("xml"):
        declaration, _, rest = body.partition(b"?>")
        comment = b"<!-- " + note.replace("--", "- -").encode("utf-8") + b" -->"
        return declaration + b"?>" + comment + rest if rest else comment + body
    return b"# " + note.encode("utf-8") + b"\n" + body
