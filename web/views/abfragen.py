"""``/abfragen``: the SPARQL workbench (YASGUI) and the JSON it needs from this server."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, url_for

from koopgraph.graph.namespaces import PREFIXES
from koopgraph.graph.vocabulary import dataset_vocabulary

from ..negotiate import wants_json

bp = Blueprint("abfragen", __name__)

EXAMPLE_QUERY = """# Wie viele Ressourcen hat jede Klasse?
SELECT ?klasse (COUNT(?ressource) AS ?anzahl) WHERE {
  ?ressource a ?klasse .
}
GROUP BY ?klasse
ORDER BY DESC(?anzahl)
LIMIT 25"""


@bp.get("/abfragen")
def workbench():
    settings = current_app.config["KOOPGRAPH_SETTINGS"]
    endpoint_url = url_for("sparql.endpoint", _external=True)
    if wants_json():
        return jsonify(endpoint=endpoint_url, questions=[])
    return render_template("abfragen.html", endpoint_url=endpoint_url, example_query=EXAMPLE_QUERY,
                           timeout_text=f"{settings['query_timeout']:g} Sekunden",
                           row_cap_text=f"{settings['row_cap']:,}".replace(",", "."), questions=[])


@bp.get("/abfragen/praefixe.json")
def prefixes():
    """The dataset's prefixes as ``{prefix: namespace IRI}`` (the format YASQE reads from prefix.cc)."""
    return jsonify(PREFIXES)


@bp.get("/abfragen/vokabular.json")
def vocabulary():
    """The store's classes and properties for autocompletion."""
    response = jsonify(dataset_vocabulary(current_app.config["KOOPGRAPH_STORE"]))
    response.cache_control.max_age = 300
    return response
