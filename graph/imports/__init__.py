"""Spreadsheets -> RDF: the import template, reading XLSX/ODS/CSV, rows into the study's model, export.

A county office or a research group fills in the German template (sheets "Akteure", "Beziehungen");
``koopgraph import`` turns the rows into actors of the ontology's classes and qualified
``kg:Kooperation`` nodes with the browsing edges the ontology derives, checks every cell (errors name
file, sheet, row and column) and writes one named graph with its provenance in one step.

A room on the explore floor: it may import the ground floor, ``store`` and ``sparql``, nothing above.
"""
