"""``/abfragen``: the SPARQL workbench (YASGUI) and the JSON it needs from this server."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from koopgraph.graph.explore.study_totals import (
    FINDING,
    NO_TOTAL,
    WHY_THEY_DIFFER,
    compare_with_study,
    counts_cases,
)
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
from ..tables import csv_href, csv_response, wants_csv
from .common import resource_href
from .answers import distribution, readable_answer, with_study_columns
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


# The twins have endpoints of their own: with one endpoint for both, url_for builds the rule registered
# first, and decorators register bottom-up, so the catalogue and the question form linked the JSON.
@bp.get("/abfragen")
@bp.get("/abfragen.json", endpoint="workbench_json")
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
                           for p in question.parameters],
            "befunde": [{"befund": FINDING + link.finding, "zeile": dict(link.match)} for link in question.study_links]}


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
@bp.get("/abfragen/<name>.json", endpoint="question_json")
@bp.get("/abfragen/<name>.csv", endpoint="question_csv")
def question(name):
    """A question's form; with its parameters given, also its answer (HTML table, JSON or CSV)."""
    question = question_named(name)
    store = current_app.config["KOOPGRAPH_STORE"]
    choices = {p.name: allowed_values(store, p) for p in question.parameters}
    given = {p.name: request.args.get(p.name, "") for p in question.parameters}
    asked = "frage" in request.args or wants_csv() or not any(not p.optional for p in question.parameters)
    sparql = table = answer = None
    if asked:
        sparql = bound_query(question, resolve(store, question, given))
        answer = answer_query(QueryRequest(sparql, media_types=ANSWER_TYPES))
        table = triples_table(answer.body) if answer.form in GRAPH_FORMS else json.loads(answer.body)
    readable = readable_answer(store, question.name, table) if table is not None else None
    study = study_totals(store, question, table, restricted=any(given.values()))
    beside = study["vergleiche"] if study and not any(given.values()) else None   # a narrowed answer: see the note
    readable_beside = with_study_columns(readable, question, beside)
    if wants_csv():
        return csv_response(readable_beside.table())
    if wants_json():
        summary = question_summary(question)
        for parameter in summary["parameters"]:
            parameter["values"] = [{"value": str(v.value), "label": v.label} for v in choices[parameter["name"]]]
        return jsonify(question=summary, sparql=sparql, results=table, cut=bool(answer and answer.cut),
                       studie=study and {"vergleiche": [c.as_json() for c in study["vergleiche"]], "warum": study["warum"],
                                         "ohne_gesamtzahl": study["ohne_gesamtzahl"]})
    return render_template("abfragen_frage.html", question=question, choices=choices, given=given, study=study,
                           sparql=sparql, table=table, cut=answer.cut if answer else False,
                           readable=readable_beside,
                           chart=distribution(readable) if readable else None,
                           csv_link=csv_href(request.path, request.query_string.decode("ascii", "replace"))
                           if sparql else None,
                           editor_link=url_for("abfragen.workbench") + "#" + urlencode({"query": sparql})
                           if sparql else None)


def study_totals(store, question, table: dict | None, restricted: bool) -> dict | None:
    """For an answered question that counts anonymised cases: the study's totals beside the answer and
    why they differ; None for other questions and for a form not yet sent."""
    if table is None or not counts_cases(question):
        return None
    comparisons = compare_with_study(store, question, table, restricted)
    rows = table.get("results", {}).get("bindings", [])
    unlinked = any(not any(link.matches(row) for link in question.study_links) for row in rows)
    return {"vergleiche": comparisons, "warum": WHY_THEY_DIFFER, "seiten": {c.finding: resource_href(c.finding) for c in comparisons},
            "ohne_gesamtzahl": NO_TOTAL if unlinked or not comparisons else None}


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
