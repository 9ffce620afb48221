"""The koopgraph vocabulary: OWL classes and properties, SKOS concept schemes, SHACL shapes (Turtle).

This is the one place that knows which of its files are shapes: a file whose name contains
``shape`` holds SHACL shapes, every other ``.ttl`` file is the ontology itself. The shapes come in two
profiles: ``core`` (``…-kern.ttl``: what every data set meets) and ``study`` (the others: the study's
graphs only); ``…-praefixe.ttl`` declares the SPARQL prefixes both need.

>>> [p.name for p in shape_files()]
['koopgraph-shapes-faelle.ttl', 'koopgraph-shapes-gebiet.ttl', 'koopgraph-shapes-kern.ttl', 'koopgraph-shapes-praefixe.ttl', 'koopgraph-shapes.ttl']
>>> [p.name for p in shape_files(("core",))]
['koopgraph-shapes-kern.ttl', 'koopgraph-shapes-praefixe.ttl']
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


PROFILES = ("core", "study")


def shape_profile(path: Path) -> str | None:
    """The profile a shapes file belongs to ("core" or "study"), None for the shared prefixes."""
    if "praefixe" in path.name:
        return None
    return "core" if "kern" in path.name else "study"


def shape_files(profiles=PROFILES) -> list[Path]:
    """The SHACL shapes' Turtle files of ``profiles`` (with the shared prefix declarations)."""
    return [p for p in _turtle_files() if is_shapes_file(p) and shape_profile(p) in (None, *profiles)]
