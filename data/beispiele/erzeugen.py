"""Write the example workbook partner-ravensburg-erfunden.xlsx: INVENTED data in the import template.

Every actor, date and relation below is made up to show how the template is filled in; only the
places (Landkreis Ravensburg, Aulendorf, Vogt) are the study's. Run from the repository root:

    python data/beispiele/erzeugen.py
"""

from __future__ import annotations

from pathlib import Path

from koopgraph.graph.imports.template import write_template

HERE = Path(__file__).resolve().parent
ERFUNDEN = "erfundenes Beispiel"
SCALING_OUT = "Zusammenarbeit mit Akteuren vor Ort (Scaling-out)"
COUNTY = "Landkreis – kreisangehörige Kommune"

ACTORS = [
    ["KS", "Koordinierungsstelle Integration (Beispiel)", "Integrationsbeauftragte / Koordinierungsstelle", "Landkreis Ravensburg", "Kreis", "", ERFUNDEN],
    ["JA", "Jugendamt des Landkreises (Beispiel)", "Jugendamt", "Landkreis Ravensburg", "Kreis", "", ERFUNDEN],
    ["JC", "Jobcenter (Beispiel)", "Jobcenter / Agentur für Arbeit", "Landkreis Ravensburg", "Kreis", "", ERFUNDEN],
    ["HK-AUL", "Helferkreis Asyl Aulendorf (Beispiel)", "ehrenamtlicher Helferkreis", "Aulendorf", "Gemeinde", "", ERFUNDEN],
    ["HK-VOGT", "Helferkreis Vogt (Beispiel)", "ehrenamtlicher Helferkreis", "Vogt", "Gemeinde", "", ERFUNDEN],
    ["MB", "Migrationsberatung (Beispiel)", "Migrationsberatungsstelle", "Landkreis Ravensburg", "Kreis", "", ERFUNDEN],
    ["VHS", "Volkshochschule (Beispiel)", "Volkshochschule", "Aulendorf", "Gemeinde", "", ERFUNDEN],
    ["MO", "Migrantenverein (Beispiel)", "Migrantenorganisation", "Vogt", "Gemeinde", "", ERFUNDEN],
    ["WG", "Wohnungsbaugesellschaft (Beispiel)", "Wohnungsgesellschaft", "Landkreis Ravensburg", "Kreis", "", ERFUNDEN],
    ["SR", "Sozialamt Aulendorf (Beispiel)", "Sozialamt", "Aulendorf", "Gemeinde", "", ERFUNDEN],
    ["STIFT", "Bürgerstiftung (Beispiel)", "Stiftung", "Landkreis Ravensburg", "Kreis", "https://example.org/buergerstiftung", ERFUNDEN],
]
RELATIONS = [
    ["Landkreis Ravensburg", "Aulendorf", COUNTY, "Beratung; Informationsweitergabe", "", "", "2016", "", "Kreistagsdrucksache (erfunden)", ERFUNDEN],
    ["Landkreis Ravensburg", "Vogt", COUNTY, "Finanzierung", "", "", "01.01.2017", "31.12.2019", "", ERFUNDEN],
    ["Landkreis Ravensburg", "Vogt", COUNTY, "Austauschformat", "", "", "03/2018", "", "Protokoll (erfunden)", ERFUNDEN],
    ["Aulendorf", "Vogt", "Austausch im Landkreis", "", "", "", "2017", "", "", ERFUNDEN],
    ["Aulendorf", "Vogt", "Kooperation im Landkreis", "", "", "", "2019-09", "2022-06", "", ERFUNDEN],
    ["Aulendorf", "HK-AUL", SCALING_OUT, "", "", "", "2015-11", "", "", ERFUNDEN],
    ["Vogt", "HK-VOGT", SCALING_OUT, "", "", "", "2016-02", "2021", "", ERFUNDEN],
    ["Aulendorf", "VHS", SCALING_OUT, "", "", "", "2016", "", "Kooperationsvertrag (erfunden)", ERFUNDEN],
    ["Aulendorf", "SR", SCALING_OUT, "", "", "", "2015", "", "", ERFUNDEN],
    ["Landkreis Ravensburg", "KS", SCALING_OUT, "", "", "", "2016-04", "", "", ERFUNDEN],
    ["Landkreis Ravensburg", "JA", SCALING_OUT, "", "", "", "2015", "", "", ERFUNDEN],
    ["Landkreis Ravensburg", "JC", SCALING_OUT, "", "", "", "2016", "2020-12", "", ERFUNDEN],
    ["Vogt", "MO", SCALING_OUT, "", "", "", "2018", "", "", ERFUNDEN],
    ["Landkreis Ravensburg", "WG", SCALING_OUT, "", "", "", "2017-07", "2019", "", ERFUNDEN],
    ["Aulendorf", "", "Einflussnahme auf Land und Bund (Scaling-up)", "", "Wahlkreisabgeordnete", "Land", "2018", "2018", "", ERFUNDEN],
]


def main() -> None:
    write_template(HERE / "partner-ravensburg-erfunden.xlsx",
                   {n: row for n, row in enumerate(ACTORS, start=2)},
                   {n: row for n, row in enumerate(RELATIONS, start=2)},
                   note="ERFUNDENE BEISPIELDATEN – kein Akteur, keine Beziehung und kein Datum hier ist echt.")


if __name__ == "__main__":
    main()
