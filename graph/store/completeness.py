"""Whether a remote endpoint's answer is complete: its row cap, announced or found out.

Many endpoints cut long answers at a row cap and say so only in a header, or not at all:
koopgraph's own /sparql sends ``X-Koopgraph-Row-Cap`` (and states its limit on every answer in
``X-Koopgraph-Row-Limit``, so its answers need no probe), Virtuoso ``X-SPARQL-MaxRows`` (for
SELECT; a CONSTRUCT it cuts without a word). An answer with such a header is refused. For an
answer without one, a probe asks the endpoint for more rows than the answer has, from a
VALUES product that needs no data: if fewer come back, the endpoint caps answers at that
many rows, and an answer that long may have been cut — unless it is a SELECT and the endpoint
announced the probe's cut in a header, as it then would have announced this one's. What a
probe shows is remembered, so most answers need none.

>>> cap = RowCap("http://x/sparql", probe=lambda sparql: (100, {}))
>>> cap.refuse_cut_count(99, {})
>>> cap.refuse_cut_count(100, {})
Traceback (most recent call last):
koopgraph.graph.errors.AnswerCut: the SPARQL endpoint http://x/sparql gives at most 100 rows ...
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from ..errors import AnswerCut

CAP_HEADERS = ("x-koopgraph-row-cap", "x-sparql-maxrows")
LIMIT_HEADER = "x-koopgraph-row-limit"  # a server that states its limit on every answer announces every cut
SMALLEST_PROBE = 1000  # rows asked for by the first probe: caps below that are rare, and it is cheap
_DIGITS = "VALUES ?d{n} {{ 0 1 2 3 4 5 6 7 8 9 }}"
HINT = ("Narrow the query down or page through it with ORDER BY, LIMIT and OFFSET, or raise the endpoint's "
        "limit (koopgraph serve: --row-cap; Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini).")


def probe_query(rows: int) -> str:
    """A SELECT that has at least ``rows`` solutions without touching data, LIMITed to ``rows``.

    >>> probe_query(50)
    'SELECT ?d0 WHERE { VALUES ?d0 { 0 1 2 3 4 5 6 7 8 9 } VALUES ?d1 { 0 1 2 3 4 5 6 7 8 9 } } LIMIT 50'
    """
    blocks = " ".join(_DIGITS.format(n=i) for i in range(max(1, math.ceil(math.log10(rows)))))
    return f"SELECT ?d0 WHERE {{ {blocks} }} LIMIT {int(rows)}"


def announced_cap(headers: Mapping[str, str]) -> int | None:
    """The row cap an answer's headers say it was cut at; None if they say nothing."""
    for name in CAP_HEADERS:
        value = headers.get(name, "").strip()
        if value.isdigit():
            return int(value)
    return None


class RowCap:
    """What is known of one endpoint's row cap; ``probe(sparql)`` gives an answer's row count and headers."""

    def __init__(self, url: str, probe: Callable[[str], tuple[int, Mapping[str, str]]]) -> None:
        self.url, self.probe = url, probe
        self.cap: int | None = None  # the endpoint gives at most this many rows
        self.announces_select = False  # the endpoint said in a header that it cut the probe (a SELECT)
        self.uncut = 0  # an answer of this many rows came back whole

    def refuse_cut(self, solutions, headers: Mapping[str, str]) -> None:
        """Raise AnswerCut if ``solutions`` (rows or triples, read into a list) may have been cut."""
        if solutions.type != "ASK":
            self.refuse_cut_count(len(solutions.native), headers, solutions.type)

    def refuse_cut_count(self, count: int, headers: Mapping[str, str], form: str = "SELECT") -> None:
        """Raise AnswerCut if an answer of ``count`` rows (or triples) of ``form`` may have been cut."""
        announced = announced_cap(headers)
        if announced is not None:
            raise AnswerCut(f"the SPARQL endpoint {self.url} cut the answer after {announced:,} rows (its row cap); "
                            "koopgraph does not show part of an answer", hint=HINT)
        if count == 0 or LIMIT_HEADER in headers or count < self.uncut:
            return
        if self.cap is None:
            self._learn(count)
        if self.cap is None or count < self.cap or (form == "SELECT" and self.announces_select):
            return
        raise AnswerCut(f"the SPARQL endpoint {self.url} gives at most {self.cap:,} rows per answer, and this "
                        f"answer has {count:,}: it is probably cut, and koopgraph does not show part of an answer",
                        hint=HINT)

    def _learn(self, count: int) -> None:
        """Probe with more rows than ``count``: either the endpoint gives them all, or its cap shows."""
        asked = max(count + 1, SMALLEST_PROBE)
        given, headers = self.probe(probe_query(asked))
        if given >= asked:
            self.uncut = asked
        else:
            self.cap = given
            self.announces_select = announced_cap(headers) is not None
