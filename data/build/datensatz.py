"""The dataset description (graph datensatz): DCAT/VoID, the source study, and the provenance and
triple count of every named graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from common import DCAT, DCTERMS, GRAPH, ID, KG, PROV, VOID, add_labels, read_table
from programme import RULE

COLUMNS = ["part", "file", "sections", "derived_from", "title_de", "title_en", "description_de", "description_en"]
DATASET = ID["datensatz"]
STUDY = ID["quelle/zwei-welten"]
BUILD = ID["aktivitaet/build"]
ONTOLOGY_GRAPH = GRAPH["ontologie"]
DATASET_DATE = "2026-11-25"  # version date of this dataset; fixed so that rebuilding is byte-stable
LICENSE = URIRef("https://opensource.org/licenses/MIT")
RIGHTS = ("Zahlen und Fakten stammen aus Schammann u. a. (2020), © Robert Bosch Stiftung, alle Rechte "
          "vorbehalten; der Text der Studie ist nicht enthalten. Beschreibungen, Definitionen und Kodierung "
          "sind eigene Formulierungen des Projekts und stehen unter der Projektlizenz (MIT).",
          "Facts and figures are taken from Schammann et al. (2020), © Robert Bosch Stiftung, all rights "
          "reserved; the study's text is not included. Descriptions, definitions and coding are the project's "
          "own wording and are licensed under the project licence (MIT).")
CITATION = ("Schammann, Hannes; Bendel, Petra; Müller, Sandra; Ziegler, Franziska; Wittchen, Tobias (2020): "
            "Zwei Welten? Integrationspolitik in Stadt und Land. Stuttgart: Robert Bosch Stiftung. "
            "ISBN 978-3-939574-57-6.")
AUTHORS = ("Hannes Schammann", "Petra Bendel", "Sandra Müller", "Franziska Ziegler", "Tobias Wittchen")


def read_parts(src: Path):
    return read_table(src / "graphen.csv", COLUMNS)


def build_datensatz(src: Path, graphs: dict[str, Graph], ontology_triples: int) -> Graph:
    """Describe the dataset and every named graph; ``graphs`` maps part name -> graph (without datensatz)."""
    rows = read_parts(src)
    g = Graph()
    _add_study(g)
    _add_activity(g)
    _add_dataset(g)
    for row in rows:
        _add_part(g, row)
    _add_ontology_graph(g, ontology_triples)
    g.add((GRAPH["programme-abgeleitet"], KG.derivationRule, RULE))
    parts = {row["part"] for row in rows}
    if parts != set(graphs) | {"datensatz"}:
        raise rows[0].error(f"graphen.csv must list exactly the parts {sorted(set(graphs) | {'datensatz'})}")
    for part, graph in graphs.items():
        g.add((GRAPH[part], VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    # The datensatz graph counts itself: adding the count triple adds one triple whatever its value.
    own = len(g) + 2
    g.add((GRAPH["datensatz"], VOID.triples, Literal(own, datatype=XSD.integer)))
    total = own + sum(len(graph) for graph in graphs.values())
    g.add((DATASET, VOID.triples, Literal(total, datatype=XSD.integer)))
    return g


def _add_study(g: Graph) -> None:
    g.add((STUDY, RDF.type, DCTERMS.BibliographicResource))
    add_labels(g, STUDY, "Zwei Welten? Integrationspolitik in Stadt und Land",
               "Zwei Welten? Integration policy in town and country")
    g.add((STUDY, DCTERMS.title, Literal("Zwei Welten? Integrationspolitik in Stadt und Land", lang="de")))
    for author in AUTHORS:
        g.add((STUDY, DCTERMS.creator, Literal(author)))
    g.add((STUDY, DCTERMS.publisher, Literal("Robert Bosch Stiftung GmbH")))
    g.add((STUDY, DCTERMS.issued, Literal("2020", datatype=XSD.gYear)))
    g.add((STUDY, DCTERMS.identifier, Literal("ISBN 978-3-939574-57-6")))
    g.add((STUDY, DCTERMS.bibliographicCitation, Literal(CITATION)))


def _add_activity(g: Graph) -> None:
    g.add((BUILD, RDF.type, PROV.Activity))
    add_labels(g, BUILD, "Erzeugung des Datensatzes aus den Quelltabellen",
               "generation of the dataset from the source tables")
    add_labels(g, BUILD, "data/build/build.py liest die Tabellen in data/build/ und schreibt data/*.trig.",
               "data/build/build.py reads the tables in data/build/ and writes data/*.trig.", RDFS.comment)
    g.add((BUILD, PROV.used, STUDY))
    g.add((BUILD, PROV.endedAtTime, Literal(f"{DATASET_DATE}T00:00:00Z", datatype=XSD.dateTime, normalize=False)))


def _add_dataset(g: Graph) -> None:
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, RDF.type, VOID.Dataset))
    add_labels(g, DATASET, "koopgraph-Studiendatensatz „Zwei Welten?“", "koopgraph study dataset \"Zwei Welten?\"")
    add_labels(g, DATASET, "Kooperationsnetze kommunaler Integrationspolitik nach der Studie „Zwei Welten?“",
               "Cooperation networks of local integration policy after the study \"Zwei Welten?\"", DCTERMS.title)
    add_labels(g, DATASET, "Die 92 untersuchten Kommunen, ihre Gebietsstruktur, Akteure, Förderprogramme, die "
               "anonymisierten Interviewfälle mit kodierten Aussagen und die aggregierten Befunde, je mit Abschnitt.",
               "The 92 sampled municipalities, their territorial structure, actors, funding programmes, the "
               "anonymised interview cases with coded statements and the aggregate findings, each with its section.",
               DCTERMS.description)
    add_labels(g, DATASET, *RIGHTS, prop=DCTERMS.rights)
    g.add((DATASET, DCTERMS.license, LICENSE))
    g.add((DATASET, DCTERMS.issued, Literal(DATASET_DATE, datatype=XSD.date)))
    g.add((DATASET, DCTERMS.source, STUDY))
    g.add((DATASET, PROV.wasDerivedFrom, STUDY))
    g.add((DATASET, PROV.wasGeneratedBy, BUILD))


def _add_part(g: Graph, row) -> None:
    node = GRAPH[row["part"]]
    g.add((DATASET, VOID.subset, node))
    g.add((node, RDF.type, VOID.Dataset))
    add_labels(g, node, row["title_de"], row["title_en"])
    add_labels(g, node, row["title_de"], row["title_en"], DCTERMS.title)
    add_labels(g, node, row["description_de"], row["description_en"], DCTERMS.description)
    g.add((node, DCTERMS.isPartOf, DATASET))
    g.add((node, DCTERMS.source, STUDY))
    g.add((node, PROV.wasGeneratedBy, BUILD))
    g.add((node, PROV.wasDerivedFrom, STUDY))
    for other in row.split("derived_from"):
        g.add((node, PROV.wasDerivedFrom, GRAPH[other]))
    for section in row.split("sections"):
        g.add((node, KG.section, Literal(section)))
    g.add((node, DCTERMS.conformsTo, URIRef("https://w3id.org/koopgraph/ontology")))


def _add_ontology_graph(g: Graph, triples: int) -> None:
    node = ONTOLOGY_GRAPH
    g.add((DATASET, VOID.subset, node))
    g.add((node, RDF.type, VOID.Dataset))
    add_labels(g, node, "Ontologie und Begriffsschemata", "ontology and concept schemes")
    add_labels(g, node, "Ontologie und Begriffsschemata", "ontology and concept schemes", DCTERMS.title)
    add_labels(g, node, "Der Inhalt von ontology/*.ttl ohne SHACL-Formen; das Ladeprogramm legt ihn in diesen Graphen.",
               "The content of ontology/*.ttl without SHACL shapes; the loader puts it into this graph.",
               DCTERMS.description)
    g.add((node, DCTERMS.isPartOf, DATASET))
    g.add((node, DCTERMS.source, STUDY))
    g.add((node, PROV.wasDerivedFrom, STUDY))
    g.add((node, VOID.triples, Literal(triples, datatype=XSD.integer)))
