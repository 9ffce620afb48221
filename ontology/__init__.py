"""The koopgraph vocabulary: OWL classes and properties, SKOS concept schemes, SHACL shapes (Turtle).

This is the one place that knows which of its files are shapes: a file whose name contains
``shape`` holds SHACL shapes, every other ``.ttl`` file is the ontology itself.

>>> [p.name for p in shape_files()]
['koopgraph-shapes-faelle.ttl', 'koopgraph-shapes-gebiet.ttl', 'koopgraph-shapes.ttl']
>>> "koopgraph.ttl" in [p.name for p in ontology_files()]
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _turtle_files() -> list[Path]:
    folder = resources.files(__name__)
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".ttl"))


def is_shapes_file(path: Path) -> bool:
    """Does this Turtle file hold SHACL shapes (rather than the ontology)?"""
    return "shape" in path.name


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (classes, properties, concept schemes), without the shapes."""
    return [p for p in _turtle_files() if not is_shapes_file(p)]


def shape_files() -> list[Path]:
    """The SHACL shapes' Turtle files."""
    return [p for p in _turtle_files() if is_shapes_file(p)]
