"""One writer and many readers against a running ``koopgraph serve``: no 5xx, no half-applied update.

The writer cycles through three kinds of update, each one request that changes
three named graphs at once, so that a reader catching an update half-way would
see it: INSERT DATA (five statements carrying the update's number in three graphs),
DELETE/INSERT (all five moved to the new number) and DROP GRAPH of all three (one
request of three operations). Every state the store passes through is therefore
either empty or five statements with one and the same number. Readers ask for all
five in one query and check what they see:

- *half-applied*: statements of two numbers, or not five of one;
- *stale*: a state that cannot have been current at any moment between sending the
  query and receiving the answer (an update already answered was not seen, or one
  not yet sent was).

The harness only talks HTTP to the server it is given.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

NS = "urn:x-koopgraph-bench:"
GRAPHS = [f"<{NS}graph/a>", f"<{NS}graph/b>", f"<{NS}graph/items>"]
VERSION = f"<{NS}version>"
# the subjects of the five statements, by graph
STATEMENTS = [(GRAPHS[0], f"<{NS}state>"), (GRAPHS[1], f"<{NS}state>")] + \
    [(GRAPHS[2], f"<{NS}item/{i}>") for i in range(3)]
READ = f"SELECT ?g ?s ?v WHERE {{ GRAPH ?g {{ ?s {VERSION} ?v }} }}"


def insert_data(number: int) -> str:
    blocks = " ".join(f"GRAPH {g} {{ {s} {VERSION} {number} }}" for g, s in STATEMENTS)
    return f"INSERT DATA {{ {blocks} }}"


def move_to(number: int) -> str:
    return (f"DELETE {{ GRAPH ?g {{ ?s {VERSION} ?old }} }} INSERT {{ GRAPH ?g {{ ?s {VERSION} {number} }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s {VERSION} ?old }} }}")


def drop_all(number: int) -> str:
    return " ; ".join(f"DROP SILENT GRAPH {g}" for g in GRAPHS)


CYCLE = [insert_data, move_to, move_to, drop_all]


@dataclass
class Update:
    number: int
    kind: str
    sent: float
    answered: float = float("inf")
    status: int = 0

    @property
    def state(self) -> int | None:
        """The number the statements carry after it, None when it emptied the graphs."""
        return None if self.kind == "drop_all" else self.number


@dataclass
class Reading:
    sent: float
    answered: float
    status: int
    state: int | None = None
    half: bool = False


@dataclass
class Outcome:
    updates: list[Update] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)

    @property
    def statuses(self) -> Counter:
        return Counter([u.status for u in self.updates] + [r.status for r in self.readings])

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def half_applied(self) -> int:
        return sum(r.half for r in self.readings)

    def stale(self) -> list[Reading]:
        """Readings of a state that was not current at any moment while they were under way."""
        return [r for r in self.readings if r.status == 200 and not r.half and not self._possible(r)]

    def _possible(self, reading: Reading) -> bool:
        states = [Update(0, "drop_all", 0.0, 0.0)] + self.updates  # the store starts without them
        for update, following in zip(states, states[1:] + [None]):
            begins, ends = update.sent, following.answered if following else float("inf")
            if update.state == reading.state and begins <= reading.answered and ends >= reading.sent:
                return True
        return False


def run(base_url: str, *, seconds: float, readers: int, token: str, pause: float = 0.05) -> Outcome:
    """Write and read for ``seconds`` against the server at ``base_url`` with the admin ``token``."""
    outcome = Outcome()
    deadline = time.monotonic() + seconds
    # Each reader on its own loopback address: the server limits queries per client address.
    threads = [threading.Thread(target=_read, args=(base_url, f"127.0.0.{100 + i}", deadline, outcome.readings),
                                daemon=True) for i in range(readers)]
    for thread in threads:
        thread.start()
    number = 0
    while time.monotonic() < deadline:
        number += 1
        kind = CYCLE[(number - 1) % len(CYCLE)]
        update = Update(number, kind.__name__, time.monotonic())
        outcome.updates.append(update)  # before it is sent: a reader may see it from now on
        update.status, _ = _post(base_url, kind(number), "application/sparql-update", token)
        update.answered = time.monotonic()
        time.sleep(pause)
    for thread in threads:
        thread.join(120)
    return outcome


def _read(base_url: str, address: str, deadline: float, readings: list[Reading]) -> None:
    while time.monotonic() < deadline:
        sent = time.monotonic()
        status, body = _post(base_url, READ, "application/sparql-query", address=address)
        reading = Reading(sent, time.monotonic(), status)
        if status == 200:
            rows = json.loads(body)["results"]["bindings"]
            numbers = {int(row["v"]["value"]) for row in rows}
            reading.half = bool(rows) and (len(numbers) != 1 or len(rows) != len(STATEMENTS))
            reading.state = next(iter(numbers)) if len(numbers) == 1 else None
        readings.append(reading)


def _post(base_url: str, text: str, content_type: str, token: str | None = None,
          address: str = "127.0.0.1") -> tuple[int, bytes]:
    parts = urlsplit(base_url)
    headers = {"Content-Type": content_type, "Accept": "application/sparql-results+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=(address, 0))
    try:
        connection.request("POST", "/sparql", body=text.encode("utf-8"), headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 599, b""  # no answer at all counts as a server error
    finally:
        connection.close()


def report(outcome: Outcome, seconds: float, readers: int) -> list[str]:
    """Lines for the benchmark's report."""
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(outcome.statuses.items()))
    return [f"1 writer + {readers} readers for {seconds:g} s: {len(outcome.updates)} updates, "
            f"{len(outcome.readings)} reads ({statuses})",
            f"responses >= 500: {outcome.server_errors}; half-applied updates seen: {outcome.half_applied}; "
            f"stale reads: {len(outcome.stale())}"]

