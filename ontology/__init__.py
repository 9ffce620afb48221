"""The koopgraph vocabulary: OWL, SKOS and SHACL files in Turtle."""
