"""How the explorer looks: colours, shapes and line styles as pure functions of RDF terms."""
