"""The safety check of every SPARQL query and update: what runs is exactly the text that was checked.

In SPARQL only SERVICE and LOAD reach out to the network (or the file system), and an engine
that fetches graphs by their IRI may do so for FROM, FROM NAMED, USING, USING NAMED and WITH.
A check is only as good as its reading of the text: rdflib's parser, which did the check
before, reads ``\\u`` escapes and keywords differently from Oxigraph, which runs the text, so a
SERVICE hidden from the one was run by the other. pyoxigraph offers no parser to ask (only
evaluation), and no maintained Python library parses SPARQL 1.1 to the letter; so the text is
*made* unambiguous here before it runs, by a small tokenizer of the SPARQL 1.1 terminals
(§19.8), and the unambiguous text is what the store evaluates:

1. the codepoint escapes of §19.2 (``\\u`` + 4 and ``\\U`` + 8 hex digits) are replaced in the
   whole text; a result that still spells such an escape is refused (a parser that unescaped
   once more would read something else);
2. comments become spaces, prefixed names full IRIs (prefix + local name, as the grammar
   says), relative IRIs are resolved against BASE or the endpoint's URL with Oxigraph's own
   IRI code, and the PREFIX and BASE declarations are dropped: what is left are keywords,
   variables, absolute IRIs, strings, numbers and punctuation;
3. in that text every word containing SERVICE or LOAD is refused, wherever it stands (Oxigraph
   reads keywords without a word boundary: ``ASKFROM<g>{}`` is ASK FROM <g>); FROM, FROM NAMED,
   USING, USING NAMED and WITH must be words of their own and name graphs the store holds.

An absolute IRI of that text cannot be read as ``<`` less-than by Oxigraph either: what follows
``<`` is ``scheme:``, which no expression can continue without a declared prefix, and none is
left. Protocol datasets (``default-graph-uri`` …) may name graphs the store lacks (the W3C
protocol tests ask for that); every backend reads them as its own, empty, graphs.

Nesting deeper than :data:`MAX_NESTING` brackets is refused: Oxigraph's parser recurses (3,000
nested groups overflow a thread's stack) and slows down steeply with nested blank-node
brackets (300 levels 5 s, 1,000 levels over 3 minutes, measured with pyoxigraph 0.5.13).

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> check_query('PREFIX p: <http://x/> SELECT * WHERE { ?s p:q "#" } # note', store).text.strip()
'SELECT * WHERE { ?s <http://x/q> "#" }'
>>> check_query(r'SELECT * WHERE { BIND("A\\u00000022 AS ?x) } #" AS ?x) SERVICE <http://x/> {} }', store)
Traceback (most recent call last):
koopgraph.graph.errors.QueryRefused: line 1, column 55: SERVICE is refused: ...
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import QueryError, QueryRefused, QuerySyntaxError
from ..store import QueryDataset
from .diagnosis import explain, undefined_prefix
from .tokens import Source, Token, tokens_of, unescape_codepoints

MAX_NESTING = 64
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
NO_REMOTE = "koopgraph never fetches data from the network or the file system"

_OPENING, _CLOSING = "{([", "})]"
_DATASET_WORDS = ("FROM", "USING", "WITH")


@dataclass
class Canonical:
    """The text that runs, built piece by piece, with the unescaped-text offset each piece came from."""

    pieces: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, origin: int) -> None:
        self.pieces.append(text)
        self.starts.append(self.length)
        self.origins.append(origin)
        self.length += len(text)

    def origin(self, offset: int) -> int:
        """The unescaped-text offset that produced ``offset`` of the text that runs."""
        if not self.pieces:
            return 0
        at = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.origins[at] + min(offset - self.starts[at], max(len(self.pieces[at]) - 1, 0))

    @property
    def text(self) -> str:
        return "".join(self.pieces)


@dataclass(frozen=True)
class CheckedText:
    """A query or update that passed the check: ``text`` is what runs.

    ``form`` is SELECT, CONSTRUCT, DESCRIBE, ASK or UPDATE; ``dataset`` the graphs of a
    query's FROM / FROM NAMED (None without them), for the store, which then ignores the
    clauses themselves.
    """

    text: str
    form: str
    dataset: QueryDataset | None
    source: Source
    canonical: Canonical

    def where(self, offset: int) -> dict:
        """Line and column in the sent text of an offset in :attr:`text`."""
        return self.source.at(self.canonical.origin(offset))

    def located(self, error: QuerySyntaxError) -> QuerySyntaxError:
        """``error`` (positions in :attr:`text`, as the store reports them) at its place in the sent text,
        explained in both languages where the mistake is a common one (:mod:`.diagnosis`)."""
        if error.line is not None:
            lines = self.text.split("\n")
            offset = sum(len(line) + 1 for line in lines[:error.line - 1]) + (error.column or 1) - 1
            error = QuerySyntaxError(error.message, hint=error.hint, **self.where(offset))
        return explain(self.source.sent, error)


def check_query(sparql: str, store, *, base: str | None = None) -> CheckedText:
    """The checked query; raises QuerySyntaxError or QueryRefused (with line and column).

    ``base`` resolves relative IRIs (the endpoint's URL); ``store`` says which graphs it holds.
    """
    checked = _check(sparql, store, base)
    if checked.form not in FORMS:
        raise explain(sparql, QuerySyntaxError(
            "a query starts with SELECT, CONSTRUCT, DESCRIBE or ASK; updates go as `update`, with the admin token",
            german="Eine Abfrage beginnt mit SELECT, CONSTRUCT, DESCRIBE oder ASK; Änderungen (Updates) gehen "
            "als `update` und brauchen das Admin-Token", **checked.where(0)))
    return checked


def check_update(sparql: str, store, *, base: str | None = None) -> CheckedText:
    """The checked update; raises QuerySyntaxError or QueryRefused (with line and column)."""
    checked = _check(sparql, store, base)
    if checked.form in FORMS:
        raise QuerySyntaxError(f"this is a {checked.form} query, not an update", hint="Queries go as `query`.")
    return checked


def _check(sparql: str, store, base: str | None) -> CheckedText:
    checked, clauses = _read(sparql, base)
    _refuse_absent_graphs(clauses, store, checked)
    return checked


@functools.lru_cache(maxsize=512)  # the explorer's finding counts come back on every page view
def _read(sparql: str, base: str | None) -> tuple[CheckedText, tuple[tuple[str, str, int], ...]]:
    """The checked text and its dataset clauses: everything that does not depend on the store."""
    text, source = unescape_codepoints(sparql)
    canonical = _canonicalise(tokens_of(text, source), base, source)
    runs = canonical.text
    checked = CheckedText(runs, "", None, source, canonical)
    tokens = [t for t in tokens_of(runs, Source(runs)) if t.terminal != "space"]
    if any(t.terminal in ("comment", "pname") for t in tokens):  # by construction never; never run if so
        raise QuerySyntaxError("the text could not be put into its checked form", **checked.where(0))
    _refuse_deep_nesting(tokens, checked)
    _refuse_remote_words(tokens, checked)
    clauses = tuple(_dataset_clauses(tokens, checked))
    words = [t.text.upper() for t in tokens if t.terminal == "word"]
    form = words[0] if words and words[0] in FORMS else "UPDATE"
    default = tuple(iri for clause, iri, _ in clauses if clause == "FROM")
    named = tuple(iri for clause, iri, _ in clauses if clause == "FROM NAMED")
    dataset = QueryDataset(default, named) if default or named else None
    return CheckedText(runs, form, dataset, source, canonical), clauses


class _Prologue:
    """BASE and PREFIX declarations in force, in the order they come (an update may redeclare them)."""

    def __init__(self, base: str | None, source: Source) -> None:
        self.base, self.prefixes, self.source = base, {}, source

    def iri(self, token: Token) -> str:
        """The absolute IRI that an IRI reference or a prefixed name stands for."""
        if token.terminal == "iri":
            resolved = _absolute(token.text[1:-1], self.base)
            if resolved is None:
                raise QuerySyntaxError(f"{token.text} is not an IRI that can be resolved"
                                       + ("" if self.base else " (relative, and there is no BASE)"),
                                       **self.source.at(token.start))
            return resolved
        prefix, _, local = token.text.partition(":")
        if prefix not in self.prefixes:
            raise undefined_prefix(prefix, self.source, token)
        expanded = _absolute(self.prefixes[prefix] + local.replace("\\", ""), None)
        if expanded is None:
            raise QuerySyntaxError(f"{token.text} does not stand for a valid IRI", **self.source.at(token.start))
        return expanded

    def declare(self, keyword: str, parts: list[Token]) -> None:
        """Take a complete declaration: BASE <iri>, or PREFIX name: <iri>."""
        if keyword == "BASE":
            self.base = self.iri(parts[0])
        else:
            self.prefixes[parts[0].text[:-1]] = self.iri(parts[1])


def _canonicalise(tokens: Iterator[Token], base: str | None, source: Source) -> Canonical:
    """Comments out, prefixed names and relative IRIs written in full, PREFIX and BASE dropped."""
    canonical, prologue = Canonical(), _Prologue(base, source)
    declaring: tuple[str, list[Token]] | None = None
    for token in tokens:
        if token.terminal in ("space", "comment"):
            canonical.add(token.text if token.terminal == "space" else " ", token.start)
        elif declaring is not None:
            declaring = _declaration_part(declaring, token, prologue, source)
            canonical.add(" ", token.start)
        elif token.terminal == "word" and token.text.upper() in ("BASE", "PREFIX"):
            declaring = (token.text.upper(), [])
            canonical.add(" ", token.start)
        elif token.terminal in ("iri", "pname"):
            canonical.add(f"<{prologue.iri(token)}>", token.start)
        else:
            canonical.add(token.text, token.start)
    if declaring is not None:
        raise QuerySyntaxError(f"the {declaring[0]} declaration is not complete", **source.at(len(source.sent)))
    return canonical


def _declaration_part(declaring, token: Token, prologue: _Prologue, source: Source):
    """The declaration with ``token`` taken in; None once it is complete."""
    keyword, parts = declaring
    expected = ["iri"] if keyword == "BASE" else ["pname", "iri"]
    terminal = expected[len(parts)]
    if token.terminal != terminal or (terminal == "pname" and not token.text.endswith(":")):
        what = "an IRI in <…>" if terminal == "iri" else "a prefix name ending in ':'"
        raise QuerySyntaxError(f"{keyword} must be followed by {what}", **source.at(token.start))
    parts.append(token)
    if len(parts) < len(expected):
        return keyword, parts
    prologue.declare(keyword, parts)
    return None


@functools.lru_cache(maxsize=65536)
def _absolute(iri: str, base: str | None) -> str | None:
    """``iri`` if it is absolute and valid, else resolved against ``base`` by Oxigraph's IRI code."""
    try:
        return ox.NamedNode(iri).value
    except ValueError:
        pass
    if base is None:
        return None
    try:  # pyoxigraph resolves relative IRIs only while parsing: a one-triple Turtle document
        quad = next(iter(ox.parse(f"<{iri}> <urn:x> <urn:x> .", format=ox.RdfFormat.TURTLE, base_iri=base)))
    except (SyntaxError, ValueError, StopIteration):
        return None
    return quad.subject.value


def _refuse_deep_nesting(tokens: list[Token], checked: CheckedText) -> None:
    depth = 0
    for token in tokens:
        if token.terminal == "punct" and token.text in _OPENING:
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(f"the text nests brackets more than {MAX_NESTING} deep",
                                 hint="Write it with fewer nested groups, parentheses or brackets.",
                                 **checked.where(token.start))
        elif token.terminal == "punct" and token.text in _CLOSING:
            depth -= 1


def _refuse_remote_words(tokens: list[Token], checked: CheckedText) -> None:
    for token in tokens:
        if token.terminal != "word":
            continue
        word = token.text.upper()
        if "SERVICE" in word:
            raise QueryRefused(f"SERVICE is refused: {NO_REMOTE}", hint="Query this endpoint's own data only.",
                               **checked.where(token.start))
        if "LOAD" in word:
            raise QueryRefused(f"LOAD is refused: {NO_REMOTE}", hint="Load files with `koopgraph load FILE`.",
                               **checked.where(token.start))
        inside = next((w for w in _DATASET_WORDS if w in word and w != word), None)
        if inside:
            raise QueryRefused(f"{token.text} is refused: {inside} must be a word of its own",
                               **checked.where(token.start))


def _dataset_clauses(tokens: list[Token], checked: CheckedText) -> list[tuple[str, str, int]]:
    """(FROM | FROM NAMED | USING | USING NAMED | WITH, graph IRI, offset) for each clause."""
    clauses = []
    for i, token in enumerate(tokens):
        word = token.text.upper() if token.terminal == "word" else ""
        if word not in _DATASET_WORDS:
            continue
        j = i + 1
        if word != "WITH" and j < len(tokens) and tokens[j].terminal == "word" and tokens[j].text.upper() == "NAMED":
            word, j = word + " NAMED", j + 1
        if j >= len(tokens) or tokens[j].terminal != "iri":
            raise QuerySyntaxError(f"{word} must be followed by a graph IRI", **checked.where(token.start))
        clauses.append((word, tokens[j].text[1:-1], token.start))
    return clauses


def _refuse_absent_graphs(clauses, store, checked: CheckedText) -> None:
    if not clauses:
        return
    held = store.graph_names()
    for clause, iri, offset in clauses:
        if iri not in held:
            raise QueryRefused(f"{clause} <{iri}> is refused: this store holds no graph of that name, "
                               f"and {NO_REMOTE}",
                               hint="Name one of the store's graphs (see `koopgraph stats`) or load the data first.",
                               **checked.where(offset))


def refuse_absent_protocol_graphs(dataset: QueryDataset, store) -> None:
    """Refuse protocol dataset graphs (``default-graph-uri`` …) that a remote store does not hold.

    A local store reads a graph it lacks as an empty graph (the W3C protocol tests ask for
    that); a remote engine might fetch it instead.
    """
    if not store.remote or not dataset:
        return
    held = store.graph_names()
    missing = [g for g in dataset.default_graphs + dataset.named_graphs if g not in held]
    if missing:
        raise QueryRefused(f"the graph <{missing[0]}> is refused: the SPARQL endpoint {store.location} "
                           f"holds no graph of that name, and {NO_REMOTE}")
