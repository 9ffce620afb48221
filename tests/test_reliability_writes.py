"""Updates and queries at once against a real `koopgraph serve` (issue 11, item 2).

Before checkpoints, query workers opened the live store read-only beside the writer, which
pyoxigraph documents as undefined: after a few updates they failed with
``Corruption: … No such file … .sst``, and the pool kept the broken workers until every query
was 503. The harness (``koopgraph.web.bench.concurrency``) makes every update change three named
graphs at once, so a reader that saw half of one would notice.
"""

from __future__ import annotations

from conftest import ADMIN_TOKEN, http
from koopgraph.web.bench import concurrency

SECONDS = 20  # `koopgraph bench-reliability --seconds 30 --runs 5` is the long run
READERS = 8


def test_one_writer_and_eight_readers_see_whole_updates_and_no_server_error(live_server, study_store):
    server = live_server(study_store(), "--admin-token", ADMIN_TOKEN)
    outcome = concurrency.run(server.url, seconds=SECONDS, readers=READERS, token=ADMIN_TOKEN)
    kinds = {u.kind for u in outcome.updates if u.status == 204}
    assert kinds == {"insert_data", "move_to", "drop_all"}, outcome.statuses
    assert len(outcome.updates) >= 12 and len(outcome.readings) >= 100, outcome.statuses
    assert outcome.server_errors == 0, outcome.statuses
    assert set(outcome.statuses) == {200, 204}, outcome.statuses  # nobody refused: one reader per address
    assert outcome.half_applied == 0
    assert outcome.stale() == []
    assert http(server.port, "GET", "/sparql?query=ASK%7B%7D").status == 200  # and it still answers


def test_old_checkpoints_are_removed_once_nobody_reads_them(live_server, tmp_path, study_store):
    server = live_server(study_store(), "--admin-token", ADMIN_TOKEN, "--query-workers", "2")
    updates = 0
    for _ in range(12):  # rounds of 5 s until 8 updates went through: fewer fit in one on a loaded machine
        outcome = concurrency.run(server.url, seconds=5, readers=2, token=ADMIN_TOKEN)
        assert outcome.server_errors == 0, outcome.statuses
        updates += len(outcome.updates)
        if updates >= 8:
            break
    assert updates >= 8
    for _ in range(4):  # every worker moves to the newest data, letting go of its old checkpoint
        assert http(server.port, "POST", "/sparql", concurrency.READ,
                    {"Content-Type": "application/sparql-query"}).status == 200
    side = tmp_path / "store.checkpoints"
    views = [p for p in side.iterdir() if p.is_dir()]
    assert 1 <= len(views) <= 3, views  # the newest, and at most one per worker that has not queried since
