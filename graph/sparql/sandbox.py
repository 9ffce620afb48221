"""The second wall: processes that evaluate queries and updates have no network at all.

The text check (:mod:`koopgraph.graph.sparql.safety`) keeps SERVICE and LOAD out; this wall
holds even if the check were fooled. Linux gives a thread a network namespace of its own with
``unshare(CLONE_NEWNET)``: inside it there is only a loopback interface, and it is down, so
no connection can be opened, to this machine or any other. Threads started afterwards by the
same thread inherit it; threads that already run, and sockets that are already open (the
server's listening socket), keep theirs. Root may do this directly; other users do it inside
a user namespace of their own (``CLONE_NEWUSER``), which Linux allows only to a process that
has one thread. Python 3.11 has no ``os.unshare``, hence libc through ctypes.

>>> reason = enter_network_sandbox()   # doctest: +SKIP
>>> reason is None                      # None: in place; else why not   # doctest: +SKIP
True
"""

from __future__ import annotations

import ctypes
import errno
import multiprocessing
import os
import socket
import threading
import traceback

from ..errors import KoopgraphError, StoreError

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def enter_network_sandbox() -> str | None:
    """Move the calling thread (and the threads it starts later) into a new, empty network namespace.

    Returns None when the namespace is in place and a connection attempt has failed in it,
    else one sentence saying why there is no wall.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError) as e:
        return f"this system offers no unshare() ({e})"
    refusals = []
    for flags, name in ((CLONE_NEWNET, "CLONE_NEWNET"), (CLONE_NEWUSER | CLONE_NEWNET, "CLONE_NEWUSER|CLONE_NEWNET")):
        if unshare(flags) == 0:
            return _proven_offline()
        code = ctypes.get_errno()
        refusals.append(f"unshare({name}): {errno.errorcode.get(code, code)} ({os.strerror(code)})")
    return "; ".join(refusals)


def _proven_offline() -> str | None:
    """None if no TCP connection can be opened from here, else what happened."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.settimeout(1)
    try:
        probe.connect(("127.0.0.1", 9))
    except OSError as e:
        if e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
            return None
        return f"a connection attempt inside the new namespace failed unexpectedly: {e}"
    finally:
        probe.close()
    return "a connection could still be opened inside the new namespace"


def describe(reason: str | None, who: str) -> str:
    """One log line saying whether ``who`` has the network wall."""
    if reason is None:
        return f"network wall: {who} run in a network namespace of their own (no interface up)"
    return f"network wall MISSING for {who}: {reason}; only the text check stands between queries and the network"


def run_offline(function, *args):
    """``function(*args)`` where the network is gone: in a forked child, or in a thread of its own.

    A process with one thread forks: the child has one thread, so even an unprivileged user
    may take a user and network namespace there. A process with more threads (a test runner,
    a notebook) must not fork — a lock held by another thread at that moment stays locked in
    the child forever — so the function runs in a new thread that leaves the network alone
    (for root; others get the reason). Either way the caller keeps its network. Returns the
    function's value and the reason why there is no wall (None when there is); exceptions
    raised by the function are raised here.
    """
    if _threads() > 1:
        return _in_offline_thread(function, args)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_offline_child, args=(sending, function, args), name="koopgraph-offline")
    child.start()
    sending.close()
    try:
        kind, value, reason = receiving.recv()
    except EOFError:
        raise StoreError("the process that ran the query stopped unexpectedly") from None
    finally:
        receiving.close()
        child.join()
    if kind == "error":
        raise value
    if kind == "crash":
        raise RuntimeError(f"the process that ran the query failed:\n{value}")
    return value, reason


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))  # also the threads of Rust and C libraries
    except OSError:
        return threading.active_count()


def _in_offline_thread(function, args):
    outcome: dict = {}

    def run() -> None:
        outcome["reason"] = enter_network_sandbox()
        try:
            outcome["value"] = function(*args)
        except BaseException as e:  # handed to the caller's thread, raised there
            outcome["error"] = e

    thread = threading.Thread(target=run, name="koopgraph-offline")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"], outcome["reason"]


def _offline_child(sending, function, args) -> None:
    reason = enter_network_sandbox()
    try:
        sending.send(("ok", function(*args), reason))
    except KoopgraphError as e:
        sending.send(("error", e, reason))
    except Exception:  # a bug, not a user error: the caller reports it as one
        sending.send(("crash", traceback.format_exc(), reason))
    finally:
        sending.close()
