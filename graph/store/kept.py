"""What the server computes from one version of the embedded store's data, kept on disk beside it.

**The data version** is a random token in ``<store>.checkpoints/data-version``. The store
writes a new one *before* every write through it (update, load, bulk load; see
``OxigraphBackend._writing``), durably (temp file, fsync, ``os.replace``), so the token never
names data that a write has begun to change: a write cut off by a crash leaves a new token
(a needless recomputation at worst, never a stale answer). The in-process ``generation`` counter
cannot serve here (it starts at 0 on every open), and the checkpoints are made on demand, not
on every write, so their names do not follow the data either. Writes that bypass koopgraph
(pyoxigraph or the oxigraph server on the same folder) are not seen: they are not supported.

**Kept results** live in ``<store>.checkpoints/kept/<version>/<name>.json``; a new data
version removes the folders of older ones. Each file is one JSON header line (format, data
version, code version, SHA-256 of the body) and a JSON body, written to a temporary file and
renamed into place (not fsynced: a file cut short by a power loss fails its checksum and is
computed again, so only the data version itself must reach the disk first). A file whose header or checksum does not match is ignored with one log
line and computed again; it is never served. JSON, not pickle: the folder lies beside the data
and may be writable by others (a shared volume, a copied store), and unpickling a file someone
else wrote runs their code; JSON only ever yields plain values, which the caller's decoder
checks while building its objects (any error there counts as a corrupt file).

>>> import tempfile
>>> side = Path(tempfile.mkdtemp())
>>> first = renew_data_version(side)
>>> data_version(side) == first, renew_data_version(side) != first
(True, True)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import orjson

from .checkpoints import sync_folder

VERSION_FILE = "data-version"
KEPT_FOLDER = "kept"
FORMAT = "koopgraph-kept/1"
KEY_FIELDS = ("format", "data", "code")
# at most this many files per data version: every new facet selection of /kommunen keeps its answers,
# and a crawler walking all of them must not fill the disk (beyond it, answers are kept in memory only)
MAX_FILES = 5000  # what a kept file must have been computed for

log = logging.getLogger("koopgraph.kept")


def data_version(side: Path) -> str | None:
    """The data version recorded in the folder ``side`` beside the store; None if none is."""
    try:
        token = (side / VERSION_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeError):
        return None
    return token if len(token) == 32 and all(c in "0123456789abcdef" for c in token) else None


def renew_data_version(side: Path) -> str:
    """Record a new data version in ``side`` (durably, before the data changes) and return it."""
    token = secrets.token_hex(16)
    side.mkdir(parents=True, exist_ok=True)
    _write_atomically(side / VERSION_FILE, token.encode("ascii"))
    return token


def code_version(also: Path | None = None) -> str:
    """A hash of the core's source (koopgraph.graph) and of the ``.py`` files under ``also`` (the web's, for
    the answers it builds and keeps): results computed by other code are not reused."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        _CODE_VERSION = _source_hash(Path(__file__).resolve().parent.parent)
    if also is None:
        return _CODE_VERSION
    if also not in _SOURCE_HASHES:
        _SOURCE_HASHES[also] = _source_hash(also)
    return hashlib.sha256(f"{_CODE_VERSION} {_SOURCE_HASHES[also]}".encode()).hexdigest()[:16]


def _source_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


_CODE_VERSION: str | None = None
_SOURCE_HASHES: dict[Path, str] = {}


class KeptOnDisk:
    """Results of ``store``'s current data kept under names in the store's side folder.

    ``computed`` and ``read`` count what :meth:`kept` did (tests count recomputations with them).
    A store without a data version (memory, remote, a checkpoint view) keeps nothing. ``also``: a folder
    whose code computes the results too (see :func:`code_version`).
    """

    def __init__(self, store, also: Path | None = None) -> None:
        self.store, self.also = store, also
        self.computed = self.read = 0
        self._lock = threading.Lock()

    def kept(self, name: str, compute: Callable[[], object], encode: Callable[[object], object],
             decode: Callable[[object], object], raw: bool = False):
        """The value under ``name``: read from disk if kept for the current data and code, else computed
        and written. ``encode`` turns it into plain JSON values, ``decode`` back (raising on bad input);
        with ``raw``, into bytes kept as they are (a serialised answer: /netzwerk.json?basis=1 with the base layer took
        0.1 s to parse as a JSON string), which ``decode`` gets back once their checksum matched."""
        version = self.store.data_version
        if version is None:
            return compute()
        path = self._folder(version) / f"{name}.json"
        value = self._read(path, version, decode, raw)
        if value is not _MISSING:
            self.read += 1
            return value
        value = compute()
        self.computed += 1
        if self.store.data_version == version:  # not if a write began meanwhile
            self._write(path, version, encode(value), raw)
        return value

    def holds(self, name: str) -> bool:
        """Is a result under ``name`` kept for the current data and code? Only its header is read (a start
        asks this instead of reading a 10 MB network it may not need yet); its checksum is checked when read."""
        version = self.store.data_version
        if version is None:
            return False
        try:
            with open(self._folder(version) / f"{name}.json", "rb") as file:
                meta = json.loads(file.readline())
        except (OSError, ValueError):
            return False
        return isinstance(meta, dict) and all(meta.get(field) == value for field, value
                                              in zip(KEY_FIELDS, (FORMAT, version, code_version(self.also))))

    def _folder(self, version: str) -> Path:
        return Path(self.store.side_folder) / KEPT_FOLDER / version

    def _read(self, path: Path, version: str, decode, raw: bool = False):
        try:
            with open(path, "rb") as file:
                header, body = file.readline(), file.read()
        except FileNotFoundError:
            return _MISSING
        except OSError as e:
            log.warning("koopgraph: kept result %s unreadable (%s): computing it again", path, e)
            return _MISSING
        try:
            meta = json.loads(header)
            expected = _header(version, body, self.also)
            if any(meta.get(field) != expected[field] for field in KEY_FIELDS):
                return _MISSING  # kept by other code (an update of koopgraph) or for other data: stale, not damaged
            if meta["sha256"] != expected["sha256"]:
                raise ValueError("its checksum does not match")
            return decode(body if raw else orjson.loads(body))  # orjson: 10 MB of the whole network ~1.5x faster
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeError) as e:
            log.warning("koopgraph: kept result %s is damaged (%s): ignored, computing it again", path, e)
            return _MISSING

    def _write(self, path: Path, version: str, plain, raw: bool = False) -> None:
        body = plain if raw else orjson.dumps(plain)
        content = json.dumps(_header(version, body, self.also)).encode("ascii") + b"\n" + body
        with self._lock:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if len(os.listdir(path.parent)) >= MAX_FILES:
                    return
                _write_atomically(path, content, durably=False)
                self._remove_other_versions(version)
            except OSError as e:  # a full disk costs the next start time, not this answer
                log.warning("koopgraph: cannot keep %s on disk (%s)", path, e)

    def _remove_other_versions(self, version: str) -> None:
        for folder in (Path(self.store.side_folder) / KEPT_FOLDER).iterdir():
            if folder.name != version:
                shutil.rmtree(folder, ignore_errors=True)


_MISSING = object()


def _header(version: str, body: bytes, also: Path | None = None) -> dict:
    return {"format": FORMAT, "data": version, "code": code_version(also),
            "sha256": hashlib.sha256(body).hexdigest()}


def _write_atomically(path: Path, content: bytes, durably: bool = True) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, fsynced (if ``durably``), renamed
    into place."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            if durably:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durably:
        sync_folder(path.parent)
