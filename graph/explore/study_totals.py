"""A case-counting catalogue answer beside the study's printed totals.

The catalogue's questions that count ``?faelle`` count the anonymised interview cases the report
cites by number ("#N") for a statement — not the municipalities the study counted. Where the study
prints a total for the same thing, the question names that finding (``# befund:`` in its ``.rq``);
this module puts both numbers side by side and says why they differ, so nobody publishes "9" where
the study says "48".

>>> Comparison("x", "Behördenkontakt, Land", "§4.3.2.4", 48, 9).sentence
'Die Studie nennt 48 Kommunen (§4.3.2.4: Behördenkontakt, Land); hier gezählt: 9 anonymisierte Fälle.'
>>> Comparison("x", "y", "§1", 1, None).sentence
'Die Studie nennt 1 Kommune (§1: y); die Antwort ist eingeschränkt, verglichen wird nur die Frage ohne Auswahl.'
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ..bind import with_value_lists

CASE_COUNT = "faelle"   # the result variable of every case-counting catalogue question
FINDING = "https://w3id.org/koopgraph/id/befund/"

# Why the two numbers differ (from data/README.md, "faelle"): written once, shown with every comparison.
WHY_THEY_DIFFER = (
    "Die Studie zählt alle Kommunen ihrer Befragung (92 Kommunen, §2.4.1), deren Interview das Merkmal "
    "nannte. Der Graph kennt nur die anonymisierten Fälle, die der Bericht an einer Stelle mit Nummer "
    "(„#N“) zitiert und dort so einordnet; die übrigen gezählten Kommunen nennt der Bericht weder mit "
    "Namen noch mit Nummer. Die Fallzahl ist darum eine "
    "Untergrenze aus Zitaten, kein Anteil der Befragung.")
NO_TOTAL = ("Zu Zeilen ohne Vergleich druckt die Studie keine Gesamtzahl; auch dort sind es anonymisierte, "
            "zitierte Fälle, nicht befragte Kommunen.")

FINDINGS_OF_LINKS = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?finding ?value ?section ?label WHERE {
  ?finding a kg:Befund ; kg:value ?value ; kg:section ?section .
  OPTIONAL { ?finding rdfs:label ?label FILTER(langMatches(lang(?label), "de")) }
}"""


@dataclass(frozen=True)
class Comparison:
    """The study's total for one answer row (``cases``: the answer's count, None if not comparable)."""

    finding: str
    label: str
    section: str
    study: int
    cases: int | None

    @property
    def sentence(self) -> str:
        told = f"Die Studie nennt {self.study} {'Kommune' if self.study == 1 else 'Kommunen'} " \
               f"({self.section}: {self.label}); "
        if self.cases is None:
            return told + "die Antwort ist eingeschränkt, verglichen wird nur die Frage ohne Auswahl."
        fall = "anonymisierter Fall" if self.cases == 1 else "anonymisierte Fälle"
        return told + f"hier gezählt: {self.cases} {fall}."

    def as_json(self) -> dict:
        return {"befund": self.finding, "befund_label": self.label, "abschnitt": self.section,
                "studie_kommunen": self.study, "faelle": self.cases, "satz": self.sentence}


def counts_cases(question) -> bool:
    """Whether a catalogue question counts anonymised cases (its SELECT has ``?faelle``)."""
    return f"AS ?{CASE_COUNT})" in question.sparql


def compare_with_study(store, question, results: dict | None, restricted: bool) -> list[Comparison]:
    """Each of the question's study links with the finding's total and the matching row's count.

    ``results`` is the answer as SPARQL JSON; ``restricted`` says a parameter narrowed it, when the
    rows no longer count what the finding counts. A link without its row counts 0 cases.
    """
    if not question.study_links:
        return []
    iris = [URIRef(FINDING + link.finding) for link in question.study_links]
    found = {str(row.finding): row for row in store.query(with_value_lists(FINDINGS_OF_LINKS, {"finding": iris}))}
    rows = results["results"]["bindings"] if results and "results" in results else []
    comparisons = []
    for link, iri in zip(question.study_links, iris):
        finding = found.get(str(iri))
        if finding is None:    # a store without the findings graph: nothing to compare with
            continue
        counted = None if restricted or results is None else _cases(link, rows)
        comparisons.append(Comparison(str(iri), str(finding.label or link.finding), str(finding.section),
                                      int(finding.value), counted))
    return comparisons


def _cases(link, rows: list[dict]) -> int | None:
    matching = [row for row in rows if link.matches(row)]
    if len(matching) > 1:   # the link names too few cells to pick one row: no single count to compare
        return None
    return int(matching[0][CASE_COUNT]["value"]) if matching else 0


def study_note(store, question, results: dict | None, restricted: bool) -> str | None:
    """The command line's note under a case-counting answer: what is counted, and the study's totals.

    None for questions that count no cases (``results``: the answer as SPARQL JSON).
    """
    if results is None or not counts_cases(question):
        return None
    lines = ["Hinweis: gezählt werden anonymisierte Fälle, nicht die befragten Kommunen. " + WHY_THEY_DIFFER]
    lines += ["  " + c.sentence for c in compare_with_study(store, question, results, restricted)]
    return "\n".join(lines)
