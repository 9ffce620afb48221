"""What a cell in "Von", "An" or "Ort oder AGS" points to.

In this order: an ID of the same workbook; an IRI; an official key (AGS, 8 digits, or ARS, 12) or the
exact name of a place (a Gebietskörperschaft; "Landkreis Ravensburg" names the Landkreis); the exact
label of any resource in the store. Anything else gets the closest names as suggestions
(rapidfuzz), e.g. "meinten Sie »Aulendorf« (AGS 08436008)?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rdflib import Literal, URIRef

from ..bind import with_value_lists
from ..namespaces import KG
from .vocabulary import ontology

# bound: ?label (a list of literals) — resources labelled exactly so, with their types and keys
LABELLED = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?x ?type ?label WHERE {
  ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  OPTIONAL { ?x a ?type }
}"""
# bound: ?key (a list of literals) — places with that official key (Amtlicher Gemeinde- or Regionalschlüssel)
KEYED = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?x ?key WHERE { ?x kg:ags|kg:ars ?key }"""
# bound: ?x (a list) — which of these IRIs the store describes
DESCRIBED = "SELECT DISTINCT ?x ?type WHERE { ?x ?p ?o OPTIONAL { ?x a ?type } }"
# every named place and actor, for suggestions (German or untagged labels)
CANDIDATES = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?label ?key WHERE {
  VALUES ?top { kg:Gebietskoerperschaft kg:Akteur }
  ?x a/rdfs:subClassOf* ?top ; rdfs:label ?label .
  FILTER(LANG(?label) = "de" || LANG(?label) = "")
  OPTIONAL { ?x kg:ags ?ags } OPTIONAL { ?x kg:ars ?ars }
  BIND(COALESCE(?ags, ?ars) AS ?key)   # the AGS people know; a Gemeindeverband has only its ARS
}"""
KEY = re.compile(r"\d{8}|\d{12}")
QUALIFIED = {"landkreis": KG.Landkreis, "kreis": KG.Landkreis, "stadt": KG.KreisfreieStadt}
SUGGESTIONS = 3


@dataclass(frozen=True)
class Unresolved:
    expected: str
    suggestion: str | None = None


class Resolver:
    """Resolves reference texts against the workbook's own IDs and what ``store`` holds."""

    def __init__(self, store, own_ids: dict[str, URIRef], own_names: dict[str, URIRef]):
        self.store = store
        self.own_ids = own_ids          # ID column → IRI
        self.own_names = own_names      # Name column → IRI (for suggestions only)
        self.places = set(ontology().transitive_subjects(_SUBCLASS, KG.Gebietskoerperschaft))
        self.found: dict[str, URIRef | Unresolved] = {}
        self._candidates: list[tuple[str, URIRef, str | None]] | None = None

    def resolve_all(self, texts) -> None:
        """Look up every distinct text at once (a few queries, however many rows)."""
        wanted = sorted({t for t in texts if t and t not in self.found})
        for text in wanted:
            if text in self.own_ids:
                self.found[text] = self.own_ids[text]
        rest = [t for t in wanted if t not in self.found]
        self._by_iri([t for t in rest if t.startswith(("http://", "https://"))])
        self._by_key([t for t in rest if KEY.fullmatch(t)])
        self._by_label([t for t in rest if t not in self.found])
        for text in wanted:
            if text not in self.found:
                self.found[text] = Unresolved(_EXPECTED, self.suggest(text))

    def __getitem__(self, text: str) -> URIRef | Unresolved:
        if text not in self.found:
            self.resolve_all([text])
        return self.found[text]

    def _by_iri(self, texts: list[str]) -> None:
        if not texts:
            return
        known = {str(row.x) for row in self.store.query(with_value_lists(DESCRIBED, {"x": [URIRef(t) for t in texts]}))}
        own = {str(iri) for iri in self.own_ids.values()}
        for text in texts:
            self.found[text] = URIRef(text) if text in known or text in own else \
                Unresolved("eine IRI, über die der Speicher etwas weiß", "die Adresse kommt in den Daten nicht vor")

    def _by_key(self, texts: list[str]) -> None:
        if not texts:
            return
        hits: dict[str, set] = {}
        for row in self.store.query(with_value_lists(KEYED, {"key": [Literal(t) for t in texts]})):
            hits.setdefault(str(row.key), set()).add(row.x)
        for text in texts:
            if len(hits.get(text, ())) == 1:
                self.found[text] = next(iter(hits[text]))

    def _by_label(self, texts: list[str]) -> None:
        spelled = {}
        for text in texts:
            qualifier, _, rest = text.partition(" ")
            spelled[text] = (text, None)
            if qualifier.casefold() in QUALIFIED and rest:
                spelled[text] = (rest, QUALIFIED[qualifier.casefold()])
        names = sorted({name for name, _ in spelled.values()} | set(texts))
        if not names:
            return
        literals = [Literal(n, lang=lang) for n in names for lang in ("de", "en")] + [Literal(n) for n in names]
        by_label: dict[str, dict[URIRef, set]] = {}
        for row in self.store.query(with_value_lists(LABELLED, {"label": literals})):
            by_label.setdefault(str(row.label), {}).setdefault(row.x, set()).update({row.type} - {None})
        for text in texts:
            self._choose(text, spelled[text], by_label)

    def _choose(self, text: str, spelled, by_label) -> None:
        name, wanted_class = spelled
        matches = by_label.get(name, {}) if wanted_class else by_label.get(text, {})
        if wanted_class:
            matches = {x: t for x, t in matches.items() if self._is_a(t, wanted_class)}
        places = {x: t for x, t in matches.items() if any(c in self.places for c in t)}
        chosen = places or matches
        if len(chosen) == 1:
            self.found[text] = next(iter(chosen))
        elif len(chosen) > 1:
            names = ", ".join(f"<{x}>" for x in sorted(chosen)[:4])
            self.found[text] = Unresolved("ein eindeutiger Name", f"mehrdeutig: {names} – bitte AGS oder IRI angeben")

    def _is_a(self, types: set, cls: URIRef) -> bool:
        below = set(ontology().transitive_subjects(_SUBCLASS, cls))
        return bool(types & below)

    def suggest(self, text: str) -> str | None:
        """'meinten Sie »Aulendorf« (AGS 08436008)?' with the closest names, or None."""
        candidates = self.candidates()
        if not candidates or not text:
            return None
        names = [name for name, _, _ in candidates]
        # the whole name's similarity (fuzz.ratio): WRatio's partial matching ranked »Au« above »Aulendorf«
        # for »Aulendrof« once the base layer's 12,553 places were candidates
        best = process.extract(text, names, scorer=fuzz.ratio, limit=SUGGESTIONS, score_cutoff=70)
        if not best:
            return None
        shown = []
        for name, _, index in best:
            key = candidates[index][2]
            shown.append(f"»{name}«" + (f" ({'AGS' if len(key) == 8 else 'ARS'} {key})" if key else ""))
        return "meinten Sie " + " oder ".join(dict.fromkeys(shown)) + "?"

    def candidates(self) -> list[tuple[str, URIRef, str | None]]:
        if self._candidates is None:
            rows = [(str(r.label), r.x, str(r.key) if r.key is not None else None)
                    for r in self.store.query(CANDIDATES)]
            rows += [(text, iri, None) for text, iri in self.own_ids.items()]
            rows += [(text, iri, None) for text, iri in self.own_names.items()]
            self._candidates = sorted(set(rows), key=lambda r: (r[0], str(r[1])))
        return self._candidates


_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_EXPECTED = "eine ID aus Blatt Akteure, der Name oder AGS einer Kommune, ein Akteur des Speichers oder eine IRI"
