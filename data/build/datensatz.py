"""The dataset description (graph datensatz): DCAT/VoID, the source study, and the provenance and
triple count of every named graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from common import DCAT, DCTERMS, GRAPH, ID, KG, PROV, VOID, add_labels, read_table
from programme import RULE

COLUMNS = ["part", "file", "sources", "license", "sections", "derived_from", "title_de", "title_en",
           "description_de", "description_en"]
DATASET = ID["datensatz"]
STUDY = ID["quelle/zwei-welten"]
DIRECTORY = ID["quelle/gemeindeverzeichnis-2019"]
COUNTIES = ID["quelle/kreise-2018"]
SOURCES = {"zwei-welten": STUDY, "gemeindeverzeichnis-2019": DIRECTORY, "kreise-2018": COUNTIES}
LICENSES = {"dl-de-by-2-0": URIRef("https://www.govdata.de/dl-de/by-2-0"),
            "cc-by-4-0": URIRef("https://creativecommons.org/licenses/by/4.0/")}
ATTRIBUTION = ("© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, Gebietsstand "
               "31.12.2019, Datenlizenz Deutschland – Namensnennung – Version 2.0 (www.govdata.de/dl-de/by-2-0); "
               "NUTS-3-Codes: © Statistisches Bundesamt (Destatis) 2019, CC BY 4.0. Daten geändert: Zeilen "
               "derselben Einheit zusammengeführt, Kurznamen gebildet, Zahlen umgeformt, Summen abgeleitet.",
               "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, territorial "
               "status 31 Dec 2019, Data licence Germany – attribution – version 2.0 (www.govdata.de/dl-de/by-2-0); "
               "NUTS 3 codes: © Statistisches Bundesamt (Destatis) 2019, CC BY 4.0. Data changed: rows of one unit "
               "merged, short names formed, numbers converted, sums derived.")
BUILD = ID["aktivitaet/build"]
ONTOLOGY_GRAPH = GRAPH["ontologie"]
DATASET_DATE = "2026-11-25"  # version date of this dataset; fixed so that rebuilding is byte-stable
LICENSE = URIRef("https://opensource.org/licenses/MIT")
RIGHTS = ("Zahlen und Fakten der Studie stammen aus Schammann u. a. (2020), © Robert Bosch Stiftung, alle Rechte "
          "vorbehalten; der Text der Studie ist nicht enthalten. Beschreibungen, Definitionen und Kodierung "
          "sind eigene Formulierungen des Projekts und stehen unter der Projektlizenz (MIT). Die amtliche "
          "Gebietsgliederung (Graphen gebiet und gebiet-abgeleitet): " + ATTRIBUTION[0],
          "The study's facts and figures are taken from Schammann et al. (2020), © Robert Bosch Stiftung, all "
          "rights reserved; the study's text is not included. Descriptions, definitions and coding are the "
          "project's own wording and are licensed under the project licence (MIT). The official territorial "
          "division (graphs gebiet and gebiet-abgeleitet): " + ATTRIBUTION[1])
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
    _add_official_sources(g)
    _add_activity(g)
    _add_dataset(g)
    for row in rows:
        _add_part(g, row)
    _add_ontology_graph(g, ontology_triples)
    _add_sampling_design(g, set(graphs["kommunen"].objects(None, KG.inLand)))
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


def _add_official_sources(g: Graph) -> None:
    """The two official tables the base layer is built from (data/build/amtlich/QUELLEN.md)."""
    for node, title, date, license_key in (
            (DIRECTORY, "Gemeindeverzeichnis-Informationssystem GV-ISys, Auszug GV 4Q, Gebietsstand 31.12.2019",
             "2019-12-31", "dl-de-by-2-0"),
            (COUNTIES, "Kreisfreie Städte und Landkreise nach Fläche, Bevölkerung und Bevölkerungsdichte "
             "(04-kreise), Stand 31.12.2018", "2018-12-31", "cc-by-4-0")):
        g.add((node, RDF.type, DCTERMS.BibliographicResource))
        add_labels(g, node, title)
        g.add((node, DCTERMS.title, Literal(title, lang="de")))
        g.add((node, DCTERMS.publisher, Literal("Statistisches Bundesamt (Destatis)")))
        g.add((node, DCTERMS.date, Literal(date, datatype=XSD.date)))
        g.add((node, DCTERMS.license, LICENSES[license_key]))
    g.add((DIRECTORY, DCTERMS.bibliographicCitation, Literal(ATTRIBUTION[0].split(";")[0])))
    g.add((COUNTIES, DCTERMS.bibliographicCitation,
           Literal("© Statistisches Bundesamt (Destatis) 2019, Datei 04-kreise, über das npm-Paket "
                   "landkreise-deutschland 3.0.0")))


def _add_activity(g: Graph) -> None:
    g.add((BUILD, RDF.type, PROV.Activity))
    add_labels(g, BUILD, "Erzeugung des Datensatzes aus den Quelltabellen",
               "generation of the dataset from the source tables")
    add_labels(g, BUILD, "data/build/build.py liest die Tabellen in data/build/ und schreibt data/*.trig.",
               "data/build/build.py reads the tables in data/build/ and writes data/*.trig.", RDFS.comment)
    for source in SOURCES.values():
        g.add((BUILD, PROV.used, source))
    g.add((BUILD, PROV.endedAtTime, Literal(f"{DATASET_DATE}T00:00:00Z", datatype=XSD.dateTime, normalize=False)))


def _add_dataset(g: Graph) -> None:
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, RDF.type, VOID.Dataset))
    add_labels(g, DATASET, "koopgraph-Studiendatensatz „Zwei Welten?“", "koopgraph study dataset \"Zwei Welten?\"")
    add_labels(g, DATASET, "Kooperationsnetze kommunaler Integrationspolitik nach der Studie „Zwei Welten?“",
               "Cooperation networks of local integration policy after the study \"Zwei Welten?\"", DCTERMS.title)
    add_labels(g, DATASET, "Zwei Quellen: die Studie „Zwei Welten?“ (2020) mit ihren 92 untersuchten Kommunen, "
               "Akteuren, Förderprogrammen, anonymisierten Interviewfällen und Befunden, je mit Abschnitt – und darunter "
               "die amtliche Gebietsgliederung Deutschlands aus dem Gemeindeverzeichnis von Destatis (31.12.2019), "
               "in der die Kommunen der Studie dieselben Ressourcen sind.",
               "Two sources: the study \"Zwei Welten?\" (2020) with its 92 sampled municipalities, actors, funding "
               "programmes, anonymised interview cases and findings, each with its section – and beneath it the "
               "official territorial division of Germany from the Destatis municipal directory (31 Dec 2019), in "
               "which the study's municipalities are the same resources.",
               DCTERMS.description)
    add_labels(g, DATASET, *RIGHTS, prop=DCTERMS.rights)
    g.add((DATASET, DCTERMS.license, LICENSE))
    g.add((DATASET, DCTERMS.issued, Literal(DATASET_DATE, datatype=XSD.date)))
    for source in SOURCES.values():
        g.add((DATASET, DCTERMS.source, source))
        g.add((DATASET, PROV.wasDerivedFrom, source))
    g.add((DATASET, PROV.wasGeneratedBy, BUILD))


def _add_part(g: Graph, row) -> None:
    node = GRAPH[row["part"]]
    g.add((DATASET, VOID.subset, node))
    g.add((node, RDF.type, VOID.Dataset))
    add_labels(g, node, row["title_de"], row["title_en"])
    add_labels(g, node, row["title_de"], row["title_en"], DCTERMS.title)
    add_labels(g, node, row["description_de"], row["description_en"], DCTERMS.description)
    g.add((node, DCTERMS.isPartOf, DATASET))
    g.add((node, PROV.wasGeneratedBy, BUILD))
    for source in row.split("sources"):
        g.add((node, DCTERMS.source, row_value(row, "sources", SOURCES, source)))
        g.add((node, PROV.wasDerivedFrom, SOURCES[source]))
    for license_key in row.split("license"):
        g.add((node, DCTERMS.license, row_value(row, "license", LICENSES, license_key)))
    if row["license"]:
        add_labels(g, node, *ATTRIBUTION, prop=DCTERMS.rights)
    for other in row.split("derived_from"):
        g.add((node, PROV.wasDerivedFrom, GRAPH[other]))
    for section in row.split("sections"):
        g.add((node, KG.section, Literal(section)))
    g.add((node, DCTERMS.conformsTo, URIRef("https://w3id.org/koopgraph/ontology")))


DESIGN = ID["stichprobenplan"]
DESIGN_TEXT = (
    "Zwölf Länder (ohne Stadtstaaten und Saarland). Je Land zwei kreisfreie Städte und zwei Landkreise, je eine "
    "strukturstarke und eine strukturschwache (Ländlichkeit, sozioökonomische Lage und Wanderungssaldo nach dem "
    "Landatlas des Thünen-Instituts), und in jedem Landkreis zwei kreisangehörige Kommunen, die seine Ländlichkeit "
    "spiegeln: 96 geplant, 92 befragt. 182 Telefoninterviews von Juli 2018 bis Mai 2019 mit der Verwaltung und mit "
    "Akteuren außerhalb der Verwaltung.",
    "Twelve Länder (without the city states and Saarland). Per Land two county-free cities and two counties, one "
    "structurally strong and one structurally weak each (rurality, socio-economic situation and net migration after "
    "the Thünen Institute's Landatlas), and in every county two municipalities that mirror its rurality: 96 "
    "planned, 92 interviewed. 182 telephone interviews from July 2018 to May 2019 with the administration and with "
    "actors outside it.")
STRATA = [  # slug, planned, realised, section, German and English note
    ("kreisfreie-staedte", 24, 23, "§2.3.1", "je Land zwei, unter 500.000 Einwohnern (Ausnahme Dresden); eine fiel aus",
     "two per Land, under 500,000 inhabitants (Dresden excepted); one dropped out"),
    ("landkreise", 24, 24, "§2.3.2", "je Land ein strukturstarker und ein strukturschwacher Landkreis",
     "one structurally strong and one structurally weak county per Land"),
    ("kreisangehoerige", 48, 45, "§2.4.1", "je Landkreis zwei Kommunen der unmittelbar nachgeordneten Ebene; drei fielen aus",
     "two municipalities of the level directly below per county; three dropped out")]


def _add_sampling_design(g: Graph, sampled_laender: set) -> None:
    """The study's sampling design (§2.3–§2.4) as data on the dataset description (issue 13, correction 8)."""
    g.add((DATASET, KG.samplingDesign, DESIGN))
    g.add((DESIGN, RDF.type, KG.Stichprobenplan))
    add_labels(g, DESIGN, "Stichprobenplan der Studie", "the study's sampling design")
    add_labels(g, DESIGN, *DESIGN_TEXT, prop=RDFS.comment)
    for prop, value in ((KG.plannedSize, 96), (KG.realisedSize, 92), (KG.interviewCount, 182)):
        g.add((DESIGN, prop, Literal(value, datatype=XSD.integer)))
    g.add((DESIGN, KG.fieldworkStart, Literal("2018-07", datatype=XSD.gYearMonth)))
    g.add((DESIGN, KG.fieldworkEnd, Literal("2019-05", datatype=XSD.gYearMonth)))
    for section in ("§2.3.1", "§2.3.2", "§2.4.1", "§2.4.2"):
        g.add((DESIGN, KG.section, Literal(section)))
    for land in sampled_laender:
        g.add((DESIGN, KG.sampledLand, land))
    for slug, planned, realised, section, de, en in STRATA:
        stratum = ID[f"stichprobenplan/{slug}"]
        g.add((DESIGN, KG.stratum, stratum))
        g.add((stratum, RDF.type, KG.Stichprobenschicht))
        add_labels(g, stratum, f"Schicht {slug.replace('-', ' ')}", f"stratum {slug.replace('-', ' ')}")
        add_labels(g, stratum, de, en, RDFS.comment)
        g.add((stratum, KG.plannedSize, Literal(planned, datatype=XSD.integer)))
        g.add((stratum, KG.realisedSize, Literal(realised, datatype=XSD.integer)))
        g.add((stratum, KG.section, Literal(section)))


def row_value(row, column: str, known: dict, key: str):
    if key not in known:
        raise row.error(f"unknown {column} {key!r}; use one of {', '.join(sorted(known))}", column)
    return known[key]


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
