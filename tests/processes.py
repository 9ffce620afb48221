"""Processes and plain HTTP for the tests: free loopback ports, waiting for a server, `koopgraph serve`
in its own process (LiveServer), one exact HTTP exchange, and a listener that counts connections.
Fixtures that use them live in conftest.py; tests/engines.py starts the other SPARQL servers with them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from koopgraph.web.bench.servers import free_port, wait_for_http  # noqa: F401 (the tests' helpers too)


def wait_until_ready(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until koopgraph serve at ``base`` says it is ready (/bereit: 200; 503 while it prepares the
    network in the background), so that a test meets the pages as a visitor does after the start."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{process.stdout.read()}")
        try:
            urllib.request.urlopen(base + "/bereit", timeout=5)
            return
        except OSError:  # not listening yet, or 503 (an HTTPError)
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server was not ready at {base}:\n{process.stdout.read()}")


class LiveServer:
    """`koopgraph serve` in its own process on a free loopback port."""

    def __init__(self, store: str, *extra: str, env: dict | None = None):
        import os
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        script = Path(sys.executable).parent / "koopgraph"
        command = [str(script) if script.exists() else shutil.which("koopgraph"), "serve", "--store", store,
                   "--host", "127.0.0.1", "--port", str(self.port), *extra]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, **(env or {})})
        wait_until_ready(self.url, self.process, seconds=180)  # a new store: load, then prepare

    def stop(self) -> str:
        self.process.terminate()
        try:
            return self.process.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            # bounded: a child that outlived the server and holds its output would otherwise hang the run
            return self.process.communicate(timeout=30)[0]


class HttpAnswer:
    """Status, headers and body of one HTTP exchange."""

    def __init__(self, status: int, headers, body: bytes, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        import json

        return json.loads(self.body)


def http(port: int, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
         timeout: float = 60) -> HttpAnswer:
    """One request to 127.0.0.1:port, exactly as given (no added content type)."""
    import http.client

    if isinstance(body, str):
        body = body.encode("utf-8")
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return HttpAnswer(response.status, response.headers, response.read(), time.monotonic() - started)
    finally:
        connection.close()


class Listener:
    """A real TCP socket on a free loopback port that counts the connections it accepts."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/data.ttl"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


def run_or_kill(command: list[str], delay: float | None) -> None:
    """Run ``command``: with ``delay``, kill -9 it that many seconds after its start; without, it must
    end with exit 0 (its output in the assertion message)."""
    import os
    import signal

    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if delay is None:
        assert process.wait(timeout=600) == 0, process.stdout.read()
    else:
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
