"""``/abfragen``: the SPARQL workbench (YASGUI) and the JSON it needs from this server."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from koopgraph.graph.namespaces import dataset_prefixes
from koopgraph.graph.sparql.einstieg import examples
from koopgraph.graph.sparql.execution import GRAPH_FORMS, QueryRequest
from koopgraph.graph.sparql.questions import (
    allowed_values,
    bound_query,
    catalogue,
    question_named,
    resolve,
)
from koopgraph.graph.sparql.vocabulary import dataset_vocabulary, name_index, names_like
from koopgraph.graph.store.cache import GenerationCache

from ..http import public_url, wants_json
from .sparql import answer_query

bp = Blueprint("abfragen", __name__)

ANSWER_TYPES = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
                "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}
EXAMPLE_QUERY = """# Wie viele Ressourcen hat jede Klasse?
SELECT ?klasse (COUNT(?ressource) AS ?anzahl) WHERE {
  ?ressource a ?klasse .
}
GROUP BY ?klasse
ORDER BY DESC(?anzahl)
LIMIT 25"""


@bp.get("/abfragen")
@bp.get("/abfragen.json")
def workbench():
    settings = current_app.config["KOOPGRAPH_SETTINGS"]
    endpoint_url = public_url(url_for("sparql.endpoint"))
    questions = list(catalogue().values())
    if wants_json():
        return jsonify(endpoint=endpoint_url, questions=[question_summary(q) for q in questions])
    return render_template("abfragen.html", endpoint_url=endpoint_url, example_query=EXAMPLE_QUERY,
                           timeout_text=f"{settings['query_timeout']:g} Sekunden",
                           row_cap_text=f"{settings['row_cap']:,}".replace(",", "."), questions=questions)


def question_summary(question) -> dict:
    """A question's metadata for the JSON list."""
    return {"name": question.name, "title_de": question.title_de, "title_en": question.title_en,
            "description": question.description,
            "url": public_url(url_for("abfragen.question", name=question.name)),
            "parameters": [{"name": p.name, "type": p.type.name, "label": p.label, "optional": p.optional}
                           for p in question.parameters]}


def triples_table(ntriples: bytes) -> dict:
    """A graph answer as a SPARQL JSON results table of ?s ?p ?o, for the answer page."""
    def cell(term):
        if isinstance(term, ox.Literal):
            return {"type": "literal", "value": term.value}
        return {"type": "uri" if isinstance(term, ox.NamedNode) else "bnode", "value": term.value}

    rows = [{"s": cell(t.subject), "p": cell(t.predicate), "o": cell(t.object)}
            for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
    return {"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": rows}}


@bp.get("/abfragen/<name>")
@bp.get("/abfragen/<name>.json")
def question(name):
    """A question's form; with its parameters given, also its answer (HTML table or JSON)."""
    question = question_named(name)
    store = current_app.config["KOOPGRAPH_STORE"]
    choices = {p.name: allowed_values(store, p) for p in question.parameters}
    given = {p.name: request.args.get(p.name, "") for p in question.parameters}
    asked = "frage" in request.args or not any(not p.optional for p in question.parameters)
    sparql = table = answer = None
    if asked:
        sparql = bound_query(question, resolve(store, question, given))
        answer = answer_query(QueryRequest(sparql, media_types=ANSWER_TYPES))
        table = triples_table(answer.body) if answer.form in GRAPH_FORMS else json.loads(answer.body)
    if wants_json():
        summary = question_summary(question)
        for parameter in summary["parameters"]:
            parameter["values"] = [{"value": str(v.value), "label": v.label} for v in choices[parameter["name"]]]
        return jsonify(question=summary, sparql=sparql, results=table, cut=bool(answer and answer.cut))
    return render_template("abfragen_frage.html", question=question, choices=choices, given=given,
                           sparql=sparql, table=table, cut=answer.cut if answer else False,
                           editor_link=url_for("abfragen.workbench") + "#" + urlencode({"query": sparql})
                           if sparql else None)


@bp.get("/abfragen/praefixe.json")
def prefixes():
    """The prefixes the data are written with (``land:``, ``kommune:`` …) as ``{prefix: namespace IRI}``
    (the format YASQE reads from prefix.cc)."""
    return jsonify(dataset_prefixes())


@bp.get("/abfragen/vokabular.json")
def vocabulary():
    """The store's classes and properties for autocompletion."""
    response = jsonify(dataset_vocabulary(current_app.config["KOOPGRAPH_STORE"]))
    response.cache_control.max_age = 300
    return response


@bp.get("/abfragen/namen.json")
def names():
    """Resources by German name for autocompletion: ``?q=Aulend`` → ``kommune:aulendorf`` (served here,
    never by an outside service)."""
    store = current_app.config["KOOPGRAPH_STORE"]
    cache = current_app.extensions.setdefault("koopgraph.names", GenerationCache(store, size=1))
    index = cache.kept("names", lambda: name_index(store))
    found = names_like(index, request.args.get("q", "")[:100], limit=20)
    return jsonify(names=[{"label": n.label, "iri": n.iri, "curie": n.curie, "prefix": n.prefix} for n in found],
                   prefixes={n.prefix: dataset_prefixes()[n.prefix] for n in found if n.prefix})


@bp.get("/abfragen/einstieg")
def einstieg():
    """The "SPARQL-Einstieg": ten examples that run, each with the pitfall of this vocabulary it shows."""
    shown = [{"name": e.name, "titel": e.title, "hinweis": e.hint, "sparql": e.sparql,
              "editor": url_for("abfragen.workbench") + "#" + urlencode({"query": e.sparql}),
              "csv": public_url(url_for("sparql.endpoint")) + "?" + urlencode({"query": e.sparql, "format": "csv"})}
             for e in examples()]
    if wants_json():
        return jsonify(endpoint=public_url(url_for("sparql.endpoint")), examples=shown)
    return render_template("abfragen_einstieg.html", examples=shown, endpoint_url=public_url(url_for("sparql.endpoint")),
                           row_cap_text=f"{current_app.config['KOOPGRAPH_SETTINGS']['row_cap']:,}".replace(",", "."))
