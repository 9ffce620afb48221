"""An import's triples as N-Triples text, in blocks for the store's bulk loader.

Each term is written by pyoxigraph (``str()`` of its term is N-Triples, with the escaping of quotes,
backslashes and line breaks in labels; rdflib's ``n3()`` writes a label with a line break as a Turtle
long string, which no N-Triples parser takes), once per term object: an IRI stands in ~10 triples
and the builder shares its literals.

>>> from rdflib import Literal, URIRef
>>> s, p = URIRef("urn:x:a"), URIRef("urn:x:label")
>>> b"".join(ntriple_blocks([(s, p, Literal('sagt "Hallo"\\n', lang="de"))], 100))
b'<urn:x:a> <urn:x:label> "sagt \\\\"Hallo\\\\"\\\\n"@de .\\n'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import BNode

from ..store.terms import to_ox

# ~50,000 lines: the size the store's bulk loader was measured fastest with (store/oxigraph.py)
BLOCK_BYTES = 6 << 20


def ntriple_blocks(triples: Iterable[tuple], size: int | None = None) -> Iterator[bytes]:
    """N-Triples of ``triples`` in blocks of about ``size`` bytes (default BLOCK_BYTES) ending at a line end.

    Raises ValueError on a blank node: the bulk loader renames them per block, which would split one."""
    size = size or BLOCK_BYTES
    lines, length = [], 0
    for line in ntriple_lines(triples):
        lines.append(line)
        length += len(line)
        if length >= size:
            yield "".join(lines).encode("utf-8")
            lines, length = [], 0
    if lines:
        yield "".join(lines).encode("utf-8")


def ntriple_lines(triples: Iterable[tuple]) -> Iterator[str]:
    """One N-Triples line (with its line end) per triple."""
    written: dict[int, str] = {}   # by id: the terms live as long as ``triples``, and ids hash in C
    known = written.get            # looked up inline: a Python call per term cost ~1 s for 1.5M terms

    def first(term) -> str:
        if isinstance(term, BNode):
            raise ValueError(f"an import makes no blank nodes, but here is one: {term.n3()}")
        text = written[id(term)] = str(to_ox(term))
        return text
    for s, p, o in triples:
        yield f"{known(id(s)) or first(s)} {known(id(p)) or first(p)} {known(id(o)) or first(o)} .\n"
