"""The terms of koopgraph's ontology that the synthetic graph uses, as pyoxigraph nodes.

All in one place so the generator follows the ontology (ontology/*.ttl) by name;
synthetic resources live under ``id/synth/`` and never collide with the study's.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import GRAPH, ID, KG, PREFIXES

SYNTH_GRAPH_IRI = str(GRAPH) + "synthetisch"
SYNTH = str(ID) + "synth/"
CONCEPT = str(ID) + "konzept/"

GRAPH_NODE = ox.NamedNode(SYNTH_GRAPH_IRI)


def kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(KG) + name)


def concept(scheme: str, value: str) -> ox.NamedNode:
    return ox.NamedNode(f"{CONCEPT}{scheme}/{value}")


def synth(path: str) -> ox.NamedNode:
    return ox.NamedNode(SYNTH + path)


RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
XSD_INTEGER = ox.NamedNode(PREFIXES["xsd"] + "integer")
XSD_DECIMAL = ox.NamedNode(PREFIXES["xsd"] + "decimal")
XSD_DATE = ox.NamedNode(PREFIXES["xsd"] + "date")
DCTERMS = PREFIXES["dcterms"]
VOID = PREFIXES["void"]
PROV = PREFIXES["prov"]

# classes
BUND, LAND, LANDKREIS = kg("Bund"), kg("Land"), kg("Landkreis")
KREISFREIE_STADT = kg("KreisfreieStadt")
KREISANGEHOERIGE_STADT, KREISANGEHOERIGE_GEMEINDE = kg("KreisangehoerigeStadt"), kg("KreisangehoerigeGemeinde")
KOOPERATION, FOERDERPROGRAMM = kg("Kooperation"), kg("Foerderprogramm")

SECTION, FUNDER_LEVEL = kg("section"), kg("funderLevel")
SYNTHETIC_SOURCE = "synthetisch (koopgraph synth)"

# attributes of municipalities (Anhang I columns)
POPULATION, FOREIGN_SHARE = kg("population"), kg("foreignShare")
RURALITY, SOCIO_ECONOMIC = kg("rurality"), kg("socioEconomicSituation")
HEAD_PARTY, COUNCIL_MAJORITY = kg("headParty"), kg("councilMajority")

# membership
IN_COUNTY, IN_LAND, IN_FEDERATION = kg("inCounty"), kg("inLand"), kg("inFederation")

# qualified cooperation nodes and their roles
COOPERATION_KIND, TASK, CHANNEL, TARGET_LEVEL = (kg("cooperationKind"), kg("task"), kg("channel"),
                                                 kg("targetLevel"))
SUPPORTING, SUPPORTED, COUNTERPARTY, PARTICIPANT = (kg("supportingParty"), kg("supportedParty"),
                                                   kg("counterparty"), kg("hasParticipant"))

# direct browsing edges materialised from the cooperation nodes
SUPPORTS, EXCHANGES_WITH, COOPERATES_WITH = kg("supports"), kg("exchangesWith"), kg("cooperatesWith")
INFLUENCES_VIA, CONTACTS, WORKS_WITH_ACTOR = kg("influencesVia"), kg("contacts"), kg("worksWithActor")
ADDRESSES_LEVEL = kg("addressesLevel")
ELIGIBLE_FOR, FUNDED_BY, APPLIES_IN_LAND = kg("eligibleFor"), kg("fundedBy"), kg("appliesInLand")

RURALITY_CLASSES = [concept("laendlichkeit", v) for v in ("nicht-laendlich", "eher-laendlich", "sehr-laendlich")]
SOCIO_CLASSES = [concept("soziooekonomische-lage", v) for v in ("gut", "weniger-gut")]
LEVEL_LAND, LEVEL_BUND = concept("ebene", "land"), concept("ebene", "bund")


def party(slug: str) -> ox.NamedNode:
    return concept("partei", slug)


# cooperation kinds (scheme kooperationsart; exchange and further cooperation by their narrower kinds)
KIND_COUNTY = concept("kooperationsart", "landkreis-kommune")
KIND_EXCHANGE_IN_KREIS = concept("kooperationsart", "austausch-im-kreis")
KIND_EXCHANGE_ACROSS = concept("kooperationsart", "austausch-ueber-kreisgrenzen")
KIND_FURTHER_IN_KREIS = concept("kooperationsart", "kooperation-im-kreis")
KIND_FURTHER_ACROSS = concept("kooperationsart", "kooperation-ueber-kreisgrenzen")
KIND_INFLUENCE = concept("kooperationsart", "einflussnahme")
KIND_ACTOR = concept("kooperationsart", "akteurskooperation")

# the study section that defines each kind (kg:section of a Kooperation must name a § of the study)
KIND_SECTION = {KIND_COUNTY: "§4.1.1", KIND_EXCHANGE_IN_KREIS: "§4.2.1", KIND_EXCHANGE_ACROSS: "§4.2.2",
                KIND_FURTHER_IN_KREIS: "§4.2.1", KIND_FURTHER_ACROSS: "§4.2.2", KIND_INFLUENCE: "§4.3.2",
                KIND_ACTOR: "§3.4"}
KIND_WORDS = {KIND_COUNTY: ("Landkreis-Kommune", "county–municipality"),
              KIND_EXCHANGE_IN_KREIS: ("Austausch im Landkreis", "exchange within the county"),
              KIND_EXCHANGE_ACROSS: ("Austausch über Kreisgrenzen", "exchange across county borders"),
              KIND_FURTHER_IN_KREIS: ("Kooperation im Landkreis", "cooperation within the county"),
              KIND_FURTHER_ACROSS: ("Kooperation über Kreisgrenzen", "cooperation across county borders"),
              KIND_INFLUENCE: ("Einflussnahme", "seeking influence"),
              KIND_ACTOR: ("Akteurskooperation", "cooperation with an actor")}

# tasks of county–municipality relations (§4.1.1) and channels of influence (§4.3.2)
TASKS = [concept("aufgabe", v) for v in ("finanzierung", "personelle-strukturelle-unterstuetzung",
                                         "beratung", "informationsweitergabe", "koordination",
                                         "operative-taetigkeit", "austauschformat")]
CHANNELS = [concept("einflusskanal", v) for v in ("wahlkreisabgeordnete", "kommunale-spitzenverbaende",
                                                  "landkreis-bezirk", "behoerden")]

# kinds of local actors a Kreis or kreisfreie Stadt works with, and actors on other levels
LOCAL_ACTOR_CLASSES = [kg(n) for n in (
    "Auslaenderbehoerde", "Jugendamt", "Sozialamt", "Schulamt", "Gesundheitsamt", "Integrationsbeauftragte",
    "Bildungsbuero", "Volkshochschule", "JobcenterArbeitsagentur", "Wohlfahrtsverband", "Glaubensgemeinschaft",
    "Verein", "Migrantenorganisation", "Kammer", "Unternehmen", "EhrenamtlicherHelferkreis",
    "Wohnungsgesellschaft", "Migrationsberatungsstelle")]
LAND_ACTOR_CLASSES = [kg(n) for n in ("Landesministerium", "Landesintegrationsbeauftragte", "Landkreistag",
                                      "Staedtetag", "StaedteUndGemeindebund", "Landtagsabgeordnete")]
