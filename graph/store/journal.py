"""All or nothing for loads into the embedded store, also when the loading process is killed.

Before a load writes anything, the store is checkpointed (``Store.backup``: hard links,
cheap) to ``<store>.checkpoints/before-load`` and a note of the pending load is written
durably beside it. When the load has finished and the store is flushed, the note goes,
then the checkpoint. Whoever opens the store next (holding its :class:`WriterLock`) and
finds a note knows that a load was cut off: it puts the checkpoint back in place of the
store (a rename; a store that the load was creating is removed instead) and says so. A
failure inside the loading process is undone the same way at once.

Every step can itself be cut off: the note is written before anything else changes and
removed last, and each step of the recovery can be repeated.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from .checkpoints import side_dir, sync_folder

PENDING = "pending-load.json"
BEFORE = "before-load"
INTERRUPTED = "interrupted-load"


def begin_load(ox_store, store_path: Path | str, what: str, *, new_store: bool) -> Path:
    """Checkpoint the store and note the load of ``what``; the note's path.

    ``new_store``: the load fills a store made for it, which an undo removes.
    """
    side = side_dir(store_path)
    side.mkdir(exist_ok=True)
    before = side / BEFORE
    shutil.rmtree(before, ignore_errors=True)
    if not new_store:
        ox_store.backup(str(before))
    note = {"what": what, "started": time.strftime("%Y-%m-%d %H:%M:%S"), "pid": os.getpid(),
            "new_store": new_store}
    pending = side / PENDING
    scratch = side / (PENDING + ".new")
    scratch.write_text(json.dumps(note), encoding="utf-8")
    with open(scratch, "rb") as stream:
        os.fsync(stream.fileno())
    os.replace(scratch, pending)  # the note appears whole or not at all
    sync_folder(side)
    return pending


def finish_load(store_path: Path | str) -> None:
    """The load is complete and flushed: drop its note, then its checkpoint."""
    side = side_dir(store_path)
    (side / PENDING).unlink()
    sync_folder(side)
    shutil.rmtree(side / BEFORE, ignore_errors=True)


def recover_interrupted_load(store_path: Path | str) -> str | None:
    """If a load into the store was cut off, put back the store as it was before; what was done.

    Call only while holding the store's WriterLock.
    """
    path, side = Path(store_path), side_dir(store_path)
    pending = side / PENDING
    if not pending.exists():
        shutil.rmtree(side / BEFORE, ignore_errors=True)  # a finished load's last step was cut off
        return None
    note = json.loads(pending.read_text(encoding="utf-8"))
    if note["new_store"]:
        shutil.rmtree(path, ignore_errors=True)
        undone = "the store it was creating was removed (it is created anew)"
    else:
        _put_back(path, side)
        undone = "the store was put back to its state before that load"
    pending.unlink()
    sync_folder(side)
    shutil.rmtree(side / INTERRUPTED, ignore_errors=True)
    return (f"Note: a load into {path} was cut off ({note['what']}, started {note['started']} by process "
            f"{note['pid']}); {undone}. Nothing of it was kept; load it again.")


def _put_back(path: Path, side: Path) -> None:
    before, interrupted = side / BEFORE, side / INTERRUPTED
    if not before.exists():
        return  # put back already, by a recovery that was cut off before its last step
    if path.exists():
        shutil.rmtree(interrupted, ignore_errors=True)
        os.rename(path, interrupted)
    os.rename(before, path)
    sync_folder(path.parent)
    sync_folder(side)
