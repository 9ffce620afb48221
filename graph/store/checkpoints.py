"""Immutable checkpoints of the embedded store, for readers in other processes.

pyoxigraph documents a store opened read-only beside its writer as undefined
behaviour: the writer compacts away files the reader still needs (seen as
``Corruption: … No such file … .sst`` after a few updates). So readers never
open the live store. The writer makes a checkpoint of a data generation
(``Store.backup``: RocksDB hard-links the immutable table files, so it costs a
flush and a directory of links, not a copy), and readers open that read-only.

Checkpoints live beside the store, in ``<store>.checkpoints/view-<n>/``. Whoever
reads one holds a shared ``flock`` on ``view-<n>.lock`` for as long as it reads;
the lock file is written only once the checkpoint is complete. The writer removes
a checkpoint that is not the newest once it can take that lock exclusively, so a
checkpoint disappears only when nobody reads it, also when a reader was killed
(the kernel drops its lock) and after a crash of the writer (the next writer
removes what nobody holds).

>>> import tempfile, pyoxigraph as ox
>>> folder = Path(tempfile.mkdtemp())
>>> store = ox.Store(str(folder / "store"))
>>> store.update("INSERT DATA { <urn:x:a> <urn:x:p> 1 }")
>>> first = make_checkpoint(store, folder / "store")
>>> held = Held.newest(folder / "store")
>>> len(ox.Store.read_only(str(held.path))), held.path == first
(1, True)
>>> store.update("INSERT DATA { <urn:x:b> <urn:x:p> 2 }")
>>> second = make_checkpoint(store, folder / "store")
>>> first.exists()  # still read by ``held``
True
>>> held.release()
>>> [p.name for p in sweep(folder / "store", keep=second)], first.exists()
(['view-1'], False)
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

PREFIX = "view-"
SERVER_NOTE = "server.json"  # which server holds the store, for the messages of other commands


def side_dir(store_path: Path | str) -> Path:
    """The folder beside the store that holds its checkpoints and its load journal."""
    path = Path(store_path)
    return path.with_name(path.name + ".checkpoints")


def make_checkpoint(ox_store, store_path: Path | str) -> Path:
    """A new checkpoint of ``ox_store`` (the read-write handle of the store at ``store_path``)."""
    side = side_dir(store_path)
    side.mkdir(exist_ok=True)
    number = max((_number(p) for p in side.glob(PREFIX + "*.lock")), default=0) + 1
    target = side / f"{PREFIX}{number}"
    shutil.rmtree(target, ignore_errors=True)  # a half-made one from a crash (its lock was never written)
    ox_store.backup(str(target))
    _write_durably(_lock_path(target), b"")  # the checkpoint is complete from here on
    return target


def checkpoints(store_path: Path | str) -> list[Path]:
    """The complete checkpoints of the store, oldest first."""
    side = side_dir(store_path)
    if not side.is_dir():
        return []
    return [side / p.stem for p in sorted(side.glob(PREFIX + "*.lock"), key=_number)]


class Held:
    """A checkpoint held for reading (a shared lock): it is not removed until released."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self._descriptor = descriptor

    @classmethod
    def newest(cls, store_path: Path | str) -> Held | None:
        """Hold the newest checkpoint of the store; None if it has none."""
        for _ in range(10):  # the newest may be swept between listing and locking: look again
            found = checkpoints(store_path)
            if not found:
                return None
            held = cls.hold(found[-1])
            if held is not None:
                return held
        return None

    @classmethod
    def hold(cls, path: Path) -> Held | None:
        """Hold the checkpoint at ``path``; None if it is gone or going."""
        lock = _lock_path(path)
        try:
            descriptor = os.open(lock, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
            if os.fstat(descriptor).st_ino == os.stat(lock).st_ino:  # not removed while we waited
                return cls(path, descriptor)
        except OSError:  # held exclusively by a sweep that is removing it, or already removed
            pass
        os.close(descriptor)
        return None

    def release(self) -> None:
        if self._descriptor >= 0:
            os.close(self._descriptor)
            self._descriptor = -1


def sweep(store_path: Path | str, keep: Path | None = None) -> list[Path]:
    """Remove every checkpoint except ``keep`` that nobody holds; the ones removed.

    Only the writer sweeps, never while it makes a checkpoint: a folder without its
    lock file is then a checkpoint that a crash left half-made or half-removed.
    """
    removed = []
    for path in checkpoints(store_path):
        if path != keep and _remove_if_unheld(path):
            removed.append(path)
    side = side_dir(store_path)
    for orphan in side.glob(PREFIX + "*") if side.is_dir() else ():
        if orphan.is_dir() and orphan != keep and not _lock_path(orphan).exists():
            shutil.rmtree(orphan, ignore_errors=True)
            removed.append(orphan)
    return removed


def _remove_if_unheld(path: Path) -> bool:
    lock = _lock_path(path)
    try:
        descriptor = os.open(lock, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return False  # someone reads it
    try:
        os.unlink(lock)  # first the mark of completeness: nobody starts holding it from now on
        shutil.rmtree(path, ignore_errors=True)
    finally:
        os.close(descriptor)
    return True


def _lock_path(checkpoint: Path) -> Path:
    return checkpoint.with_name(checkpoint.name + ".lock")


def _number(lock: Path) -> int:
    try:
        return int(lock.stem.removeprefix(PREFIX))
    except ValueError:
        return 0


def _write_durably(path: Path, content: bytes) -> None:
    """Write ``path`` and make it (and its name in the folder) survive a crash."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        os.write(descriptor, content)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that renames and new names in it survive a crash."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_server_note(store_path: Path | str, url: str, endpoint: str) -> Path:
    """Note beside the store that the server at ``url`` (this process), SPARQL at ``endpoint``, holds it."""
    note = side_dir(store_path) / SERVER_NOTE
    note.parent.mkdir(exist_ok=True)
    note.write_text(json.dumps({"url": url, "endpoint": endpoint, "pid": os.getpid()}), encoding="utf-8")
    return note


def server_note(store_path: Path | str) -> dict | None:
    """The note of the server that holds the store, if its process still runs."""
    try:
        note = json.loads((side_dir(store_path) / SERVER_NOTE).read_text(encoding="utf-8"))
        os.kill(note["pid"], 0)
        return note
    except (OSError, ValueError, KeyError, TypeError):
        return None


class WriterLock:
    """The one read-write opener of a store: an exclusive ``flock`` on ``<store>.checkpoints/store.lock``.

    Held from before a load's journal is read (see :mod:`.journal`) until the store is closed,
    so that no second process rolls back a load that is still running. The kernel drops it
    when the holder dies.
    """

    def __init__(self, store_path: Path | str) -> None:
        side = side_dir(store_path)
        side.mkdir(parents=True, exist_ok=True)
        self._descriptor = os.open(side / "store.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._descriptor)
            raise

    def release(self) -> None:
        if self._descriptor >= 0:
            os.close(self._descriptor)
            self._descriptor = -1
