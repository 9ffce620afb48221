"""RDF serialisation formats: names, file extensions, media types.

One table maps each format koopgraph reads or writes to its pyoxigraph
:class:`~pyoxigraph.RdfFormat`, its rdflib serializer name and its media type.

>>> rdf_format_for("kommunen.trig").name
'trig'
>>> rdf_format_for("x.data", "nt").media_type
'application/n-triples'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import KoopgraphError


@dataclass(frozen=True)
class RdfFormat:
    name: str
    extensions: tuple[str, ...]
    media_type: str
    rdflib_name: str
    ox_format: ox.RdfFormat

    @property
    def holds_graphs(self) -> bool:
        """True for dataset formats (TriG, N-Quads, JSON-LD) that can name graphs."""
        return self.ox_format.supports_datasets


RDF_FORMATS = [
    RdfFormat("turtle", ("ttl", "turtle"), "text/turtle", "turtle", ox.RdfFormat.TURTLE),
    RdfFormat("trig", ("trig",), "application/trig", "trig", ox.RdfFormat.TRIG),
    RdfFormat("ntriples", ("nt",), "application/n-triples", "nt11", ox.RdfFormat.N_TRIPLES),
    RdfFormat("nquads", ("nq",), "application/n-quads", "nquads", ox.RdfFormat.N_QUADS),
    RdfFormat("jsonld", ("jsonld", "json"), "application/ld+json", "json-ld", ox.RdfFormat.JSON_LD),
    RdfFormat("rdfxml", ("rdf", "owl", "xml"), "application/rdf+xml", "xml", ox.RdfFormat.RDF_XML),
]

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
            "n-quads": "nquads", "json-ld": "jsonld", "xml": "rdfxml", "rdf/xml": "rdfxml"}

FORMAT_NAMES = [f.name for f in RDF_FORMATS]


def format_by_name(name: str) -> RdfFormat:
    """The format called ``name`` (or one of its aliases / media types)."""
    key = _ALIASES.get(name.lower(), name.lower())
    for fmt in RDF_FORMATS:
        if key in (fmt.name, fmt.media_type):
            return fmt
    raise KoopgraphError(f"unknown RDF format {name!r}",
                         hint="Use one of: " + ", ".join(FORMAT_NAMES) + ".")


def rdf_format_for(path: str | Path, name: str | None = None) -> RdfFormat:
    """The format given by ``name``, else the one the file's extension says."""
    if name:
        return format_by_name(name)
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    for fmt in RDF_FORMATS:
        if suffix in fmt.extensions:
            return fmt
    raise KoopgraphError(f"{path}: cannot tell the RDF format from the extension {suffix!r}",
                         hint="Give --format (" + ", ".join(FORMAT_NAMES) + ").")
