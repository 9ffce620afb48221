"""Readable syntax errors: the common mistakes in a SPARQL text, in one German and one English sentence.

Oxigraph's parser names the place of an error and what it expected there — often a list of
Unicode character ranges with the cause buried inside. When the store reports a syntax error,
the text as sent is read again here (the tokenizer of :mod:`.tokens`) for the mistakes people
make most, each with its place and what to write instead:

======================  =============================================================
undefined prefix         raised by the check itself (:mod:`.safety`), with the PREFIX line
unclosed string          raised by the tokenizer (:mod:`.tokens`)
unbalanced brackets      ``{`` ``(`` ``[`` never closed, or a closing one too many
SELECT without spaces    commas between the variables of SELECT
aggregate without name   ``COUNT(?x)`` or ``(COUNT(?x))`` in SELECT instead of ``(COUNT(?x) AS ?n)``
SELECT * with GROUP BY   the variables must be named
non-grouped variable     a variable in SELECT that is neither grouped nor aggregated
FILTER without ()        ``FILTER ?x > 3`` instead of ``FILTER(?x > 3)``
slash in a name          ``kgid:land/bayern``: a prefixed name cannot hold ``/``
modifiers out of order   LIMIT or OFFSET before ORDER BY or GROUP BY
missing dot              two triple patterns without ``.`` between them
BIND of a bound name     ``BIND(… AS ?x)`` where ?x is already used in the group
misspelt keyword         a word that is no SPARQL keyword, with the nearest one
IRI without brackets     ``?s http://…`` (an undeclared prefix »http:«), ``?s "http://…" ?o``
language tags            ``"Kiel"^^@de``; ``lang(?l) = de`` without quotes
``;`` and ``.`` confused  a subject again after ``;``, only predicate and object after ``.``
======================  =============================================================

Nothing here refuses a query: only a text the engine has already refused is explained. When
no mistake is recognised, the engine's message is kept, without the character ranges.

>>> explain("SELECT ?s, ?o WHERE { ?s ?p ?o }").german
'Zwischen den Variablen im SELECT steht ein Komma — trennen Sie sie nur durch Leerzeichen: SELECT ?s ?o'
"""

from __future__ import annotations

import re

from ..errors import QueryError, QuerySyntaxError
from ..namespaces import WELL_KNOWN, dataset_prefixes
from .mistakes import CHECKS, Reading, _unbalanced
from .term_mistakes import TERM_CHECKS
from .tokens import Source, Token

# brackets first (an open one explains everything after it), then terms and patterns (before the
# misspelt-keyword check, which takes a bare language tag for a keyword), then the rest
ORDERED_CHECKS = [_unbalanced, *TERM_CHECKS, *(check for check in CHECKS if check is not _unbalanced)]
URI_SCHEMES = ("http", "https", "urn", "ftp", "file", "mailto")
# pyoxigraph's message: "error at L:C: expected one of A, B, …" with character ranges among the choices
_RANGE = re.compile(r"\[[^\]]*\]")


def explain(sparql: str, engine_error: QueryError | None = None) -> QuerySyntaxError:
    """The first recognised mistake of ``sparql`` as a QuerySyntaxError in both languages.

    ``engine_error`` is what the engine reported (line and column in ``sparql``): kept, with a
    German sentence and without character ranges, when no mistake is recognised.
    """
    try:
        reading = Reading(sparql)
    except QuerySyntaxError as e:  # the tokenizer's own, already in both languages
        return e
    for check in ORDERED_CHECKS:
        found = check(reading)
        if found is not None:
            return QuerySyntaxError(found.english, german=found.german, **reading.source.at(found.offset))
    if engine_error is None:
        return QuerySyntaxError("not a valid SPARQL text", german="Kein gültiger SPARQL-Text")
    return engine_error if engine_error.german else plain(engine_error)


def plain(error: QueryError) -> QuerySyntaxError:
    """The engine's error without character ranges and internal names, with a German sentence."""
    message = error.message
    if "expected" in message:
        head, _, choices = message.partition("expected")
        kept = [c.strip() for c in _RANGE.sub("", choices.replace("one of", "")).split(",")]
        kept = [c for c in kept if c and not c[0].isupper() or c.isupper() or c.startswith('"')]
        kept = [c for c in kept if c and c != "[_]"][:8]
        message = head + ("expected " + ", ".join(kept) if kept else "the text cannot go on like this here")
    german = "Hier ist die Abfrage kein gültiges SPARQL" + (
        f" — erwartet wurde: {', '.join(kept)}" if "expected" in error.message and kept else "")
    return QuerySyntaxError(message.strip(), german=german, line=error.line, column=error.column,
                            hint=error.hint)


def undefined_prefix(prefix: str, source: Source, token: Token) -> QuerySyntaxError:
    """The error for a prefixed name whose prefix is not declared, with the PREFIX line to add; for
    ``http:`` and other URI schemes, an IRI written without its angle brackets."""
    if prefix.lower() in URI_SCHEMES:
        return QuerySyntaxError(f"an IRI goes in angle brackets: <{prefix}:…> — without them »{prefix}:« is read "
                                "as an undeclared prefix",
                                german=f"Eine IRI steht in spitzen Klammern: <{prefix}:…> — ohne sie wird »{prefix}:« "
                                "als nicht definiertes Präfix gelesen", **source.at(token.start))
    known = {**WELL_KNOWN, **dataset_prefixes()}
    line = f"PREFIX {prefix}: <{known.get(prefix, '…')}>"
    return QuerySyntaxError(f"the prefix {prefix}: is not declared — add `{line}`",
                            german=f"Präfix »{prefix}:« ist nicht definiert — fügen Sie `{line}` hinzu",
                            **source.at(token.start))
