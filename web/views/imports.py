"""/import: own data from a spreadsheet in the browser — template download, login, upload, errors or the
difference, confirm; then /netzwerk shows the new graph.

Writing needs a login: the admin token or the editor token is exchanged for a session cookie (HttpOnly,
SameSite=Strict); every form carries the session's CSRF token; uploads are limited to
``max_upload_mb``. Without a token configured the page says how to enable importing. Each import is
logged with who, file, checksum, graph and counts.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, send_file, session
from koopgraph.graph.errors import ForbiddenUpdate
from koopgraph.graph.imports.vocabulary import TEMPLATE_VERSION
from werkzeug.exceptions import BadRequest
from werkzeug.utils import secure_filename

from .common import store

blueprint = Blueprint("imports", __name__)
log = logging.getLogger("koopgraph.import")
UPLOAD_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".csv"}


def settings():
    return current_app.config["KOOPGRAPH_SETTINGS"]


def tokens() -> list[str]:
    return [t for t in (settings()["admin_token"], settings()["editor_token"]) if t]


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_form() -> None:
    """A write needs a logged-in session and the session's CSRF token in the form."""
    if not tokens():
        raise ForbiddenUpdate("Importieren ist nicht eingerichtet.", hint="Server mit --editor-token starten.")
    sent = request.form.get("csrf", "")
    if not session.get("csrf") or not hmac.compare_digest(sent, session["csrf"]):
        raise ForbiddenUpdate("Das Formular ist abgelaufen oder kam nicht von dieser Seite (CSRF).",
                              hint="Seite neu laden und noch einmal senden.")
    if request.endpoint != "imports.login" and not session.get("editor"):
        raise ForbiddenUpdate("Zum Importieren bitte anmelden.", hint="Mit dem Token auf /import anmelden.")


def page(**data):
    return render_template("import.html", enabled=bool(tokens()), editor=session.get("editor"),
                           csrf=csrf_token(), version=TEMPLATE_VERSION, limit=settings()["max_upload_mb"], **data)


@blueprint.route("/import")
def form():
    return page()


@blueprint.route("/import/vorlage.xlsx")
def template_download():
    from koopgraph.graph.imports.template import write_template  # see check_upload

    folder = Path(tempfile.mkdtemp(prefix="koopgraph-vorlage-"))
    path = folder / "vorlage.xlsx"
    write_template(path)
    response = send_file(path, as_attachment=True, download_name="koopgraph-vorlage.xlsx")
    response.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    return response


@blueprint.route("/import/anmelden", methods=["POST"])
def login():
    check_form()
    name, token = request.form.get("name", "").strip(), request.form.get("token", "")
    if not name or not any(hmac.compare_digest(token, t) for t in tokens()):
        return page(login_error="Name fehlt oder das Token stimmt nicht."), 403
    session.clear()
    session["editor"], session["csrf"] = name[:80], secrets.token_urlsafe(32)
    return redirect("/import", code=303)


@blueprint.route("/import/abmelden", methods=["POST"])
def logout():
    check_form()
    session.clear()
    return redirect("/import", code=303)


@blueprint.route("/import/pruefen", methods=["POST"])
def check_upload():
    # imported when first used: openpyxl and the import's modules cost ~0.6 s of every server start
    from koopgraph.graph.imports.run import preview_import

    request.max_content_length = settings()["max_upload_mb"] << 20
    check_form()
    upload = request.files.get("datei")
    if upload is None or not upload.filename:
        raise BadRequest("Keine Datei gewählt.")
    name = secure_filename(upload.filename) or "upload.xlsx"
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        return page(problems=[f"{upload.filename}: erwartet: .xlsx, .ods oder .csv"]), 400
    folder = Path(tempfile.mkdtemp(prefix="koopgraph-import-"))
    path = folder / name
    upload.save(path)
    options = {"name": request.form.get("graph") or Path(name).stem, "replace": bool(request.form.get("ersetzen")),
               "by": session["editor"], "anonymised": bool(request.form.get("anonymisiert") or request.form.get("streng")),
               "strict": bool(request.form.get("streng"))}
    result, problems = preview_import(store(), [path], **options)
    if problems:
        shutil.rmtree(folder, ignore_errors=True)
        return page(problems=[str(p) for p in problems], file=upload.filename), 422
    previous = session.get("pending")
    if previous:   # a preview that was never confirmed: its upload goes
        shutil.rmtree(previous["folder"], ignore_errors=True)
    session["pending"] = {"folder": str(folder), "file": name, **options}
    return page(preview=result, file=upload.filename)


@blueprint.route("/import/bestaetigen", methods=["POST"])
def confirm():
    from koopgraph.graph.imports.run import file_digest, import_files  # see check_upload

    check_form()
    pending = session.pop("pending", None)
    if not pending or not Path(pending["folder"]).is_dir():
        raise BadRequest("Es wartet kein geprüfter Import; bitte die Datei noch einmal hochladen.")
    path = Path(pending["folder"]) / pending["file"]
    try:
        result = import_files(store(), [path], name=pending["name"], replace=pending["replace"], by=pending["by"],
                              anonymised=pending.get("anonymised", False), strict=pending.get("strict", False))
        log.info("import by=%r file=%r sha256=%s graph=<%s> rows=%d actors=%d relations=%d %s", pending["by"],
                 pending["file"], file_digest(path), result.graph, result.rows, result.actors, result.relations,
                 result.difference.summary())
    finally:
        shutil.rmtree(pending["folder"], ignore_errors=True)
    return redirect("/netzwerk?" + urlencode({"graph": str(result.graph)}), code=303)


@blueprint.route("/import/export.xlsx")
def export_download():
    from koopgraph.graph.imports.export import export_template  # see check_upload

    name = request.args.get("graph", "")
    if not name:
        raise BadRequest("Welcher Graph? ?graph=NAME")
    folder = Path(tempfile.mkdtemp(prefix="koopgraph-export-"))
    path = folder / "export.xlsx"
    export_template(store(), name, path)
    response = send_file(path, as_attachment=True, download_name=f"{secure_filename(name.rsplit('/', 1)[-1])}.xlsx")
    response.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    return response

