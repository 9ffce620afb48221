"""Who gets in: a bounded queue and a limit per client for the query workers; a lock-out for token guessers.

A SPARQL query holds a web server thread while it waits for a worker and while
it runs. Unbounded, a few slow queries a second take every thread and the
explorer's pages wait behind them. So at most ``workers + queue`` queries are
inside at once (``koopgraph serve`` gives the web server that many threads on
top of the pages' own), at most ``per_client`` of them from one client address;
a query beyond that is refused at once with 503 (all busy) or 429 (this client
has enough running), both with ``Retry-After``.

>>> gate = Admission(capacity=2, per_client=1, retry_after=10)
>>> with gate.admitted("10.0.0.1"):
...     with gate.admitted("10.0.0.1"):
...         pass
Traceback (most recent call last):
werkzeug.exceptions.TooManyRequests: 429 Too Many Requests: ...
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from contextlib import contextmanager

from werkzeug.exceptions import ServiceUnavailable, TooManyRequests


class Admission:
    """At most ``capacity`` admitted at once, at most ``per_client`` per client; others refused."""

    def __init__(self, capacity: int, per_client: int, retry_after: int) -> None:
        self.capacity = capacity
        self.per_client = per_client
        self.retry_after = retry_after
        self.refused = Counter()  # by status, for the benchmark and the log
        self._inside: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def admitted(self, client: str):
        """Hold a place for ``client`` while the block runs; 429 or 503 if there is none."""
        with self._lock:
            if self._inside[client] >= self.per_client:
                self.refused[429] += 1
                raise TooManyRequests(
                    f"this client already has {self.per_client} SPARQL queries running or waiting; "
                    "send the next one when one has been answered", retry_after=self.retry_after)
            if self._inside.total() >= self.capacity:
                self.refused[503] += 1
                raise ServiceUnavailable(
                    f"all query workers are busy and {self.capacity} queries are running or waiting; "
                    "try again shortly", retry_after=self.retry_after)
            self._inside[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._inside[client] -= 1
                if not self._inside[client]:
                    del self._inside[client]


class TokenLockout:
    """Refuses a client's admin-token attempts for ``lock_seconds`` after ``failures`` wrong ones within it.

    A bearer token cannot be guessed at 2,400 tries in 10 s then; the right token sent
    during a lock-out is refused too (429), or the lock would tell a guesser it hit.

    >>> lockout = TokenLockout(failures=2, lock_seconds=60)
    >>> lockout.failed("10.0.0.9", now=0), lockout.failed("10.0.0.9", now=1)
    (False, True)
    >>> lockout.locked_for("10.0.0.9", now=30), lockout.locked_for("10.0.0.9", now=62)
    (31, 0)
    """

    def __init__(self, failures: int = 10, lock_seconds: int = 60) -> None:
        self.failures = failures
        self.lock_seconds = lock_seconds
        self._failed: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def locked_for(self, client: str, now: float) -> int:
        """Seconds ``client`` stays locked out (0: not locked)."""
        with self._lock:
            times = self._recent(client, now)
            if len(times) < self.failures:
                return 0
            return max(1, math.ceil(times[-1] + self.lock_seconds - now))

    def failed(self, client: str, now: float) -> bool:
        """Count a wrong token from ``client``; True if that locks the client out (log it)."""
        with self._lock:
            if len(self._failed) > 10_000:  # forget quiet clients rather than grow without bound
                for other in [c for c in self._failed if not self._recent(c, now)]:
                    del self._failed[other]
            times = self._recent(client, now)
            times.append(now)
            self._failed[client] = times
            return len(times) == self.failures

    def _recent(self, client: str, now: float) -> list[float]:
        return [t for t in self._failed.get(client, []) if now - t < self.lock_seconds]
