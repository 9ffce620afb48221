"""What the template asks for: its sheets and columns, and the code lists read from the ontology.

The code lists (kinds of actor, levels, cooperation kinds, tasks, channels, target levels) come from
the ontology's classes and SKOS schemes with their German labels, so a concept added to the ontology
appears in the template's drop-downs and is accepted on import without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from ..namespaces import ID, KG

TEMPLATE_VERSION = "1"
ACTORS, RELATIONS = "Akteure", "Beziehungen"
LIST_SEPARATOR = ";"   # several values in one cell


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False
    codes: str | None = None      # the code list the cell takes values from
    multiple: bool = False        # several values separated by LIST_SEPARATOR
    width: int = 18


SHEETS: dict[str, list[Column]] = {
    ACTORS: [
        Column("ID", "Kurzzeichen, mit dem das Blatt Beziehungen auf den Akteur verweist (eindeutig)", True, width=14),
        Column("Name", "Name des Akteurs", True, width=34),
        Column("Art", "Art des Akteurs (Liste)", True, codes="akteursart", width=30),
        Column("Ort oder AGS", "Gemeinde, Kreis oder Land des Sitzes: Name oder amtlicher Schlüssel", width=22),
        Column("Ebene", "politische Ebene (Liste)", codes="ebene", width=12),
        Column("Website", "Webadresse (https://…)", width=28),
        Column("Notiz", "freie Bemerkung", width=40),
        # facts of an anonymised case (Art "Fall"): what the anonymity check counts (import --anonymised)
        Column("Kommunaltyp", "nur bei Art Fall: kreisfreie Stadt, Landkreis oder kreisangehörige Kommune (Liste)",
               codes="kommunaltyp", width=22),
        Column("Größenklasse", "nur bei Art Fall: Einwohnerklasse statt der Einwohnerzahl (Liste)",
               codes="groessenklasse", width=26),
    ],
    RELATIONS: [
        Column("Von", "ID aus Blatt Akteure, Name einer Kommune oder eines Akteurs, AGS oder IRI", True, width=24),
        Column("An", "wie Von; bei Einflussnahme darf es fehlen", width=24),
        Column("Art", "Art der Beziehung (Liste)", True, codes="kooperationsart", width=34),
        Column("Aufgaben", "nur Landkreis – Kommune; mehrere mit ; trennen (Liste)", codes="aufgabe", multiple=True, width=30),
        Column("Kanal", "nur bei Einflussnahme (Liste)", codes="einflusskanal", width=26),
        Column("Zielebene", "nur bei Einflussnahme: Land oder Bund (Liste)", codes="zielebene", width=12),
        Column("Beginn", "Datum, Monat oder Jahr: 15.03.2021, 03/2021, 2021", width=12),
        Column("Ende", "wie Beginn; leer, wenn die Beziehung fortbesteht", width=12),
        Column("Beleg", "Quelle: Dokument, Protokoll, Webadresse", width=28),
        Column("Notiz", "freie Bemerkung", width=40),
    ],
}


@dataclass(frozen=True)
class Code:
    iri: URIRef
    label: str                          # the German label the template shows
    spellings: frozenset = field(default_factory=frozenset)   # casefolded forms accepted on import


@dataclass(frozen=True)
class CodeList:
    name: str
    codes: tuple[Code, ...]

    def find(self, text: str) -> Code | None:
        return self._by_spelling.get(text.strip().casefold())

    def labels(self) -> list[str]:
        return [c.label for c in self.codes]

    def label_of(self, iri: URIRef) -> str:
        return self._by_iri[iri].label

    # asked once or twice per row: a dictionary, not a scan of the codes with rdflib's (Python) ==
    @cached_property
    def _by_spelling(self) -> dict[str, Code]:
        found: dict[str, Code] = {}
        for code in self.codes:
            for spelling in code.spellings:
                found.setdefault(spelling, code)   # the first code in order, as the scan did
        return found

    @cached_property
    def _by_iri(self) -> dict[URIRef, Code]:
        return {code.iri: code for code in reversed(self.codes)}


def ontology() -> Graph:
    """The packaged ontology (no shapes), parsed once per process."""
    return _ontology()


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    for f in sorted(resources.files("koopgraph.ontology").iterdir(), key=str):
        if f.name.endswith(".ttl") and "shape" not in f.name:
            graph.parse(Path(str(f)), format="turtle")
    return graph


@lru_cache(maxsize=1)
def code_lists() -> dict[str, CodeList]:
    """Every code list of the template, from the ontology."""
    onto = ontology()
    # kg:Fall: an anonymised case of a research group's interviews (the study's model for its cases)
    actor_classes = set(onto.transitive_subjects(RDFS.subClassOf, KG.Akteur)) - {KG.Akteur, KG.Akteursgruppe} | {KG.Fall}
    levels = _scheme_members(onto, "ebene")
    lists = {
        "akteursart": _code_list(onto, "akteursart", actor_classes, RDFS.label),
        "ebene": _code_list(onto, "ebene", levels, SKOS.prefLabel),
        "kommunaltyp": _code_list(onto, "kommunaltyp", _place_types(onto), SKOS.prefLabel),
        "groessenklasse": _code_list(onto, "groessenklasse", _scheme_members(onto, "groessenklasse"), SKOS.prefLabel),
        "kooperationsart": _code_list(onto, "kooperationsart", _scheme_members(onto, "kooperationsart"), SKOS.prefLabel),
        "aufgabe": _code_list(onto, "aufgabe", _scheme_members(onto, "aufgabe"), SKOS.prefLabel),
        "einflusskanal": _code_list(onto, "einflusskanal", _scheme_members(onto, "einflusskanal"), SKOS.prefLabel),
        # the study's model: influence aims at the generic level Land or Bund, never a named Land
        "zielebene": _code_list(onto, "zielebene", {ID["konzept/ebene/land"], ID["konzept/ebene/bund"]}, SKOS.prefLabel),
    }
    return lists


def _place_types(onto: Graph) -> set:
    """The types of municipality a case can have (not the findings' "alle Typen")."""
    return {t for t in _scheme_members(onto, "kommunaltyp") if (t, KG.correspondingClass, None) in onto}


def _scheme_members(onto: Graph, scheme: str) -> set:
    return set(onto.subjects(SKOS.inScheme, ID[f"konzept/{scheme}"]))


def _code_list(onto: Graph, name: str, members, label_property) -> CodeList:
    codes = []
    for iri in members:
        labels = {lit.language: str(lit) for lit in onto.objects(iri, label_property)}
        german = labels.get("de") or str(iri).rsplit("/", 1)[-1]
        local = str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        spellings = {german, labels.get("en", german), local, str(iri)}
        codes.append(Code(iri, german, frozenset(s.casefold() for s in spellings)))
    return CodeList(name, tuple(sorted(codes, key=lambda c: c.label.casefold())))
