"""Aggregate findings of the study as Data Cube observations (graph befunde).

Each finding names its headline finding (kg:headlineFinding, column ``headline``): the count over all
types of municipality that it splits by type, or itself. Without it 53 groups of findings (150 of 252)
shared every dimension of the structure (population, type, section). It also names its parent finding
(kg:parentFinding, column ``parent``): the count whose "– davon" part it is when it splits by something
other than type (rurality, size, party, target level …); empty in the table means the headline finding.
A part names the variable it splits by (kg:splitBy, column ``split_by``, scheme aufteilung); a split by
type says kommunaltyp without a column.

Where the graph can count the same thing (the sample's composition, the typologies), the finding or
population carries the counting query from queries/<name>.rq as kg:graphCountQuery.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from common import ID, KG, KONZEPT, QB, Ontology, Row, TableError, add_labels, read_table

POPULATION_COLUMNS = ["slug", "size", "type", "section", "query", "label_de", "label_en", "note_de", "note_en"]
FINDING_COLUMNS = ["slug", "section", "value", "unit", "population", "type", "kind", "task", "channel", "level",
                   "concept", "headline", "parent", "split_by", "query", "label_de", "label_en", "note_de", "note_en"]
DATASET = ID["befunde"]
TYPES = {"alle", "kreisfreie-stadt", "landkreis", "kreisangehoerige-kommune"}


def load_queries(folder: Path) -> dict[str, str]:
    """Counting queries by name (file stem)."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.rq"))}


def build_befunde(src: Path, onto: Ontology) -> Graph:
    """Findings, their populations and the qb:DataSet they belong to."""
    queries = load_queries(src / "queries")
    g = Graph()
    g.add((DATASET, RDF.type, QB.DataSet))
    add_labels(g, DATASET, "Befunde der Studie „Zwei Welten?“", "findings of the study \"Zwei Welten?\"")
    g.add((DATASET, QB.structure, KG.befundStruktur))
    populations = {}
    for row in read_table(src / "grundgesamtheiten.csv", POPULATION_COLUMNS):
        populations[row["slug"]] = _add_population(g, row, onto, queries)
    rows = []
    for row in read_table(src / "befunde.csv", FINDING_COLUMNS):
        _add_finding(g, row, onto, queries, populations)
        rows.append(row)
    for row in rows:  # the headline and the parent may come later in the table
        for column, prop in (("headline", KG.headlineFinding), ("parent", KG.parentFinding)):
            named = row[column] or row["headline"]
            if (ID[f"befund/{named}"], RDF.type, KG.Befund) not in g:
                raise row.error(f"unknown {column} finding {named!r}", column)
            g.add((ID[f"befund/{row['slug']}"], prop, ID[f"befund/{named}"]))
        _add_split(g, row, onto)
    return g


def _add_split(g: Graph, row: Row, onto: Ontology) -> None:
    """The variable a part splits its parent by: the column for a named parent, kommunaltyp for a type split."""
    by_type = not row["parent"] and row["headline"] != row["slug"]
    if bool(row["parent"]) != bool(row["split_by"]):
        raise row.error("a finding with a parent needs split_by, and only such a finding has one", "split_by")
    if row["split_by"] or by_type:
        variable = row["split_by"] or "kommunaltyp"
        g.add((ID[f"befund/{row['slug']}"], KG.splitBy,
               onto.concept(f"aufteilung/{variable}", row, "split_by", "aufteilung")))


def _query(row: Row, queries: dict[str, str]) -> Literal | None:
    if not row["query"]:
        return None
    if row["query"] not in queries:
        raise row.error(f"no query file queries/{row['query']}.rq", "query")
    return Literal(queries[row["query"]])


def _type(row: Row, onto: Ontology) -> URIRef:
    return onto.concept(f"kommunaltyp/{row.choice('type', TYPES)}", row, "type", "kommunaltyp")


def _add_population(g: Graph, row: Row, onto: Ontology, queries) -> URIRef:
    node = ID[f"grundgesamtheit/{row['slug']}"]
    g.add((node, RDF.type, KG.Grundgesamtheit))
    add_labels(g, node, row["label_de"], row["label_en"])
    g.add((node, KG.size, Literal(row.integer("size", minimum=1), datatype=XSD.integer)))
    g.add((node, KG.municipalityType, _type(row, onto)))
    g.add((node, KG.section, Literal(row["section"])))
    query = _query(row, queries)
    if query is not None:
        g.add((node, KG.graphCountQuery, query))
    if row["note_de"]:
        add_labels(g, node, row["note_de"], row["note_en"], RDFS.comment)
    return node


def _add_finding(g: Graph, row: Row, onto: Ontology, queries, populations) -> None:
    node = ID[f"befund/{row['slug']}"]
    if (node, RDF.type, KG.Befund) in g:
        raise row.error(f"finding {row['slug']!r} is defined twice", "slug")
    if row["population"] not in populations:
        raise row.error(f"unknown population {row['population']!r}", "population")
    unit = row.choice("unit", {"anzahl", "prozent"})
    g.add((node, RDF.type, KG.Befund))
    g.add((node, QB.dataSet, DATASET))
    add_labels(g, node, row["label_de"], row["label_en"])
    high = None if unit == "anzahl" else 100
    g.add((node, KG.value, row.decimal("value", low=0, high=high)))
    g.add((node, KG.unit, KONZEPT[f"einheit/{unit}"]))
    g.add((node, KG.basePopulation, populations[row["population"]]))
    g.add((node, KG.municipalityType, _type(row, onto)))
    g.add((node, KG.section, Literal(row["section"])))
    _add_dimensions(g, node, row, onto)
    query = _query(row, queries)
    if query is not None:
        g.add((node, KG.graphCountQuery, query))
    if row["note_de"]:
        add_labels(g, node, row["note_de"], row["note_en"], KG.inconsistencyNote)


def _add_dimensions(g: Graph, node: URIRef, row: Row, onto: Ontology) -> None:
    for column, prop, scheme in (("kind", KG.cooperationKind, "kooperationsart"), ("task", KG.task, "aufgabe"),
                                 ("channel", KG.channel, "einflusskanal"), ("level", KG.targetLevel, "ebene")):
        if row[column]:
            g.add((node, prop, onto.concept(f"{scheme}/{row[column]}", row, column, scheme)))
    if row["concept"]:
        g.add((node, KG.aboutConcept, onto.concept(row["concept"], row, "concept")))


def check_count_queries(befunde: Graph, store: Graph) -> None:
    """Every graph count query must run and give exactly one row with one variable ?count."""
    for node, query in befunde.subject_objects(KG.graphCountQuery):
        try:
            result = store.query(str(query))
        except Exception as e:  # rdflib raises parser errors of several kinds
            raise TableError(f"count query of {node} does not run: {e}", file="queries/") from e
        rows = list(result)
        if [str(v) for v in result.vars] != ["count"] or len(rows) != 1:
            raise TableError(f"count query of {node} must return one row with ?count", file="queries/")
