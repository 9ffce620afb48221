"""The error hierarchy of koopgraph.

Every error a person can cause (a bad file, a bad query, a store in use) is a
:class:`KoopgraphError`. It carries what that person needs — file, line,
column, the offending value — and what to do next. The CLI and the web app
each map these errors to a message and an exit code / HTTP status in exactly
one place; nothing else catches them.

>>> str(LoadError("unexpected token", file="a.ttl", line=3, column=7, hint="fix the file"))
'a.ttl:3:7: unexpected token. fix the file'
"""

from __future__ import annotations


class KoopgraphError(Exception):
    """A user error: one plain message, no traceback needed."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def location(self) -> str:
        """Where the problem is, e.g. ``file.ttl:3:7``; empty if unknown."""
        return ""

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = f"{text.rstrip('.')}. {self.hint}"
        return text


class StoreError(KoopgraphError):
    """The store cannot be opened or used (locked, unreachable, bad spec)."""


class StoreClosed(StoreError):
    """The store was closed (the server is stopping) while a request or the warming of pages still used it."""


class StoreInUse(StoreError):
    """The embedded store is held read-write by another process (e.g. ``koopgraph serve``)."""


class LoadError(KoopgraphError):
    """A file cannot be loaded; nothing of it (or of its batch) was written."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.file = file
        self.line = line
        self.column = column

    def location(self) -> str:
        parts = [str(p) for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(parts)


class TableError(LoadError):
    """A cell, row or column of a source table (CSV file or spreadsheet sheet) is wrong.

    >>> str(TableError("'x' is not a whole number", file="a.csv", line=7, column="population"))
    "a.csv, line 7, column 'population': 'x' is not a whole number"
    """

    def __init__(self, message: str, *, file, line: int | None = None, column: str | None = None,
                 sheet: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, file=str(file), line=line, hint=hint)
        self.column = column
        self.sheet = sheet

    def location(self) -> str:
        parts = [self.file, f"sheet {self.sheet!r}" if self.sheet else None,
                 f"line {self.line}" if self.line else None, f"column {self.column!r}" if self.column else None]
        return ", ".join(p for p in parts if p)


class ArgumentError(KoopgraphError):
    """A value given for a named argument (a command-line option, a query parameter) is not allowed.

    >>> str(ArgumentError("unknown relation group: x", argument="beziehung", value="x", hint="Use scaling-up."))
    'unknown relation group: x. Use scaling-up.'
    """

    def __init__(self, message: str, *, argument: str | None = None, value: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.argument = argument
        self.value = value


class QueryError(KoopgraphError):
    """A SPARQL query or update that cannot be run as given.

    ``german`` is the same sentence in German (hint included), for the workbench; the text
    then gives it first, the English after it.

    >>> str(QueryError("the prefix foaf: is not declared", line=1, column=9, german="Präfix »foaf:« fehlt"))
    'Zeile 1, Spalte 9: Präfix »foaf:« fehlt / line 1, column 9: the prefix foaf: is not declared'
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        german: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.line = line
        self.column = column
        self.german = german

    def location(self) -> str:
        if self.line is None:
            return ""
        return f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"

    def german_text(self) -> str | None:
        """The German sentence with its place (``Zeile 2, Spalte 5: …``); None if there is none."""
        if self.german is None:
            return None
        where = "" if self.line is None else f"Zeile {self.line}" + (f", Spalte {self.column}" if self.column else "")
        return f"{where}: {self.german}" if where else self.german

    def __str__(self) -> str:
        english = super().__str__()
        return english if self.german is None else f"{self.german_text()} / {english}"


class QuerySyntaxError(QueryError):
    """The query text is not valid SPARQL 1.1."""


class QueryRefused(QueryError):
    """The query would reach the network or the file system (SERVICE, FROM <url>, LOAD)."""


class QueryTimeout(QueryError):
    """The query ran longer than the configured time limit and was stopped."""


class QueryMemoryExceeded(QueryError):
    """The query needed more memory than a query worker may use, and was stopped."""


class ForbiddenUpdate(KoopgraphError):
    """An update was sent to a read-only endpoint or without valid credentials."""


class NotFound(KoopgraphError):
    """A requested resource, graph, question or file does not exist."""


class ValidationFailed(KoopgraphError):
    """Data does not conform to the SHACL shapes (the report says where)."""


class AnswerCut(StoreError):
    """A SPARQL endpoint gave only part of an answer (its row cap); koopgraph shows no partial answer."""


class ImportFailed(KoopgraphError):
    """A spreadsheet cannot be imported; ``problems`` names each cell (file, sheet, row, column, value,
    what is expected, a suggestion). Nothing was written."""

    SHOWN = 50  # problems listed in the message; the rest are counted

    def __init__(self, problems: list, *, hint: str | None = "Nichts wurde geschrieben.") -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append(f"… und {len(self.problems) - self.SHOWN} weitere Fehler")
        count = len(self.problems)
        head = "1 Fehler" if count == 1 else f"{count} Fehler"
        super().__init__(f"{head} beim Import:\n" + "\n".join(lines), hint=hint)
