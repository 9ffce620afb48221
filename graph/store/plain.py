"""RDF terms and query answers as plain JSON values and back, for keeping them on disk (:mod:`.kept`).

Terms are written as strings (IRIs) or tagged lists (literals, blank nodes). Every decoder builds its
objects field by field, so a file of the wrong shape raises (TypeError, ValueError, KeyError,
IndexError) and is treated as damaged, never half-read. A decoder takes an :class:`Iris` table: the
same IRI (a Land, a relation, a facet value) recurs thousands of times in a Germany-scale view, and
building an rdflib URIRef checks its text each time (~60 % of reading the whole network back).

>>> iris = Iris()
>>> term = Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
>>> decode_term(encode_term(term), iris) == term, decode_term("urn:x:a", iris) is decode_term("urn:x:a", iris)
(True, True)
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef, Variable


class Iris(dict):
    """IRIs read so far in one decoding, each built once."""

    def __missing__(self, text: str) -> URIRef:
        iri = self[text] = URIRef(text)
        return iri


def encode_term(term) -> str | list:
    if type(term) is URIRef:
        return str(term)
    if isinstance(term, Literal):
        return ["L", str(term), term.datatype and str(term.datatype), term.language]
    if isinstance(term, BNode):
        return ["B", str(term)]
    raise TypeError(f"not an RDF term: {term!r}")


def decode_term(plain, iris: Iris):
    if type(plain) is str:
        return iris[plain]
    tag = plain[0]
    if tag == "L":
        datatype = None if plain[2] is None else iris[text(plain[2])]
        return Literal(text(plain[1]), datatype=datatype, lang=optional(plain[3], text))
    if tag == "B":
        return BNode(text(plain[1]))
    raise ValueError(f"unknown term tag {tag!r}")


def encode_answer(answer) -> dict:
    """A kept query answer (:class:`.cache.KeptAnswer`): its type, ASK boolean, variables and rows."""
    names = [str(v) for v in answer.vars]
    return {"type": answer.type, "ask": answer.askAnswer, "vars": names,
            "rows": [[None if row[i] is None else encode_term(row[i]) for i in range(len(names))]
                     for row in answer.rows]}


def decode_answer(plain: dict) -> dict:
    """The fields of a kept answer (``type``, ``askAnswer``, ``vars``, ``rows`` of :class:`KeptRow`).

    Every cell's shape is checked here; its term is built when it is read: /kommunen's ordering
    answer at Germany scale has 12,000 rows of which a page reads the names of 100 (building every
    name's Literal took 0.3 s of the first request after a restart).
    """
    kind = text(plain["type"])
    if kind not in ("SELECT", "ASK"):
        raise ValueError(f"not a kept answer type: {kind!r}")
    ask = plain["ask"]
    if ask is not None and type(ask) is not bool:
        raise TypeError(f"expected a boolean, found {ask!r}")
    names = [Variable(text(name)) for name in plain["vars"]]
    columns = {str(name): index for index, name in enumerate(names)}
    iris = Iris()
    rows = []
    for cells in plain["rows"]:
        if type(cells) is not list or len(cells) != len(names):
            raise ValueError("a row of the wrong shape")
        for cell in cells:
            if cell is not None and type(cell) is not str:
                _check_tagged(cell)
        rows.append(KeptRow(cells, columns, iris))
    return {"type": kind, "askAnswer": ask, "vars": names, "rows": rows}


def _check_tagged(cell) -> None:
    if type(cell) is not list or not cell:
        raise TypeError(f"not a term: {cell!r}")
    if cell[0] == "L" and len(cell) == 4:
        text(cell[1]), optional(cell[2], text), optional(cell[3], text)
    elif cell[0] == "B" and len(cell) == 2:
        text(cell[1])
    else:
        raise ValueError(f"not a term: {cell!r}")


class KeptRow:
    """A row of a kept answer, read like rdflib's ResultRow (``row.k``, ``row["k"]``, ``row[0]``, unbound:
    None); its terms are built when read."""

    __slots__ = ("_cells", "_columns", "_iris")

    def __init__(self, cells: list, columns: dict[str, int], iris: Iris) -> None:
        self._cells, self._columns, self._iris = cells, columns, iris

    def __getattr__(self, name: str):
        try:
            index = self._columns[name]
        except KeyError:
            raise AttributeError(name) from None
        return self[index]

    def __getitem__(self, key):
        index = key if isinstance(key, int) else self._columns[str(key)]
        cell = self._cells[index]
        return None if cell is None else decode_term(cell, self._iris)

    def __len__(self) -> int:
        return len(self._cells)

    def __iter__(self):
        return (self[index] for index in range(len(self._cells)))

    def __eq__(self, other) -> bool:
        return tuple(self) == tuple(other)

    __hash__ = None

    def asdict(self) -> dict:
        return {Variable(name): self[index] for name, index in self._columns.items()
                if self._cells[index] is not None}


def text(value) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, found {value!r}")
    return value


def number(value) -> float:
    if type(value) not in (int, float):
        raise TypeError(f"expected a number, found {value!r}")
    return value


def optional(value, convert):
    return None if value is None else convert(value)
