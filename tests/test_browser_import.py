"""/import in a real Chromium against a real `koopgraph serve --editor-token`: log in, upload a broken file,
see the errors, upload the fixed one, see the difference, confirm, see the relations on the Landkreis page
and in /netzwerk; a forged (no CSRF token) and an anonymous upload are refused."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import openpyxl

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "beispiele" / "partner-ravensburg-erfunden.xlsx"
TOKEN = "browser-test-token"


def post(url: str, body: bytes, content_type: str, cookie: str | None = None) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type,
                                                                              **({"Cookie": cookie} if cookie else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as e:
        return e.code


def multipart(fields: dict, file_bytes: bytes) -> tuple[bytes, str]:
    boundary = "----koopgraphtest"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="datei"; filename="p.xlsx"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + file_bytes + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_import_in_the_browser(tmp_path, shipped_store_dir, live_server, browser_page, screenshot):
    server = live_server(shipped_store_dir, "--editor-token", TOKEN)   # a new store: study and base layer
    page = browser_page
    body, kind = multipart({"csrf": "geraten", "graph": "x"}, EXAMPLE.read_bytes())
    assert post(server.url + "/import/pruefen", body, kind) == 403            # anonymous

    page.goto(server.url + "/import")
    page.fill("input[name=name]", "Frau Beispiel")
    page.fill("input[name=token]", TOKEN)
    page.click("#anmelden button[type=submit]")
    page.wait_for_selector("#hochladen")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    assert post(server.url + "/import/pruefen", body, kind, cookie) == 403      # logged in, but no CSRF token

    broken = tmp_path / "partner.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    book["Beziehungen"]["B6"] = "Aulendrof"
    book.save(broken)
    page.set_input_files("#datei", str(broken))
    page.fill("input[name=graph]", "partner")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#fehler")
    errors = page.inner_text("#fehler")
    assert "Blatt Beziehungen, Zeile 6, Spalte An: »Aulendrof«" in errors and "»Aulendorf«" in errors
    screenshot(page, "import-fehler")

    fixed = tmp_path / "partner-fixed.xlsx"
    fixed.write_bytes(EXAMPLE.read_bytes())
    page.set_input_files("#datei", str(fixed))
    page.fill("input[name=graph]", "partner")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#unterschied")
    assert "15" in page.inner_text("table.difference")
    screenshot(page, "import-unterschied")
    page.click("#unterschied button[type=submit]")
    page.wait_for_url("**/netzwerk?graph=*")
    page.wait_for_selector("#network[data-ready=true]", timeout=30000)
    assert page.is_visible("#graph-filter")
    shown = set(page.evaluate("window.nodes.getIds()"))
    assert "https://w3id.org/koopgraph/id/gemeinde/084360008008" in shown
    assert len([i for i in shown if "/eigene/partner/akteur/" in i]) == 11
    screenshot(page, "import-netzwerk")

    page.goto(server.url + "/id/kreis/08436")
    text = page.inner_text("main")
    assert "unterstützt" in text and "Aulendorf" in text
    assert "Eigene Daten: partner-fixed.xlsx, Beziehungen Zeile 2" in text
    # the page with the errors answers 422 (Chromium logs any 4xx page); nothing else may fail
    assert [e for e in page.console_errors if "422" not in e] == []
    output = server.stop()
    assert "import by='Frau Beispiel' file='partner-fixed.xlsx'" in output, output
