"""Story forms in the browser: list versions, download any version, upload a file, preview it, publish it.

The file is Vertelpunt's own YAML or JSON, or NarraFirma's story-form CSV (with an optional form key), read
by the same code as ``vertelpunt forms import [--format narrafirma]``.

Uploading stores nothing: the preview page shows every question and the difference with the current
version, and carries the uploaded text in the confirmation form. Publishing parses that text again (the
same checks as ``vertelpunt forms import``) and stores it as the next version; stored versions never change
(vertelpunt/forms/immutability.py).
"""
from __future__ import annotations

import json

import yaml
from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.accounts.access import role_required
from vertelpunt.db import get_session, or_404
from vertelpunt.errors import VertelpuntError
from vertelpunt.forms import preview
from vertelpunt.forms.services import export_document, form_definition, latest_form
from vertelpunt.forms.translations import translation_report
from vertelpunt.i18n import LANGUAGES
from vertelpunt.models import StoryForm, UserRole

bp = Blueprint("admin_forms", __name__, url_prefix="/beheer/vragensets")


@bp.get("/")
@role_required(UserRole.ADMIN)
def index():
    forms = list(get_session().scalars(select(StoryForm).order_by(StoryForm.key, StoryForm.version.desc())))
    return render_template("admin/forms.html", forms=forms, error=None, kinds=preview.FILE_KINDS,
                           values={"kind": "vertelpunt", "key": ""})


@bp.get("/<key>/v<int:version>.<fmt>")
@role_required(UserRole.ADMIN)
def download(key: str, version: int, fmt: str):
    if fmt not in ("yaml", "json"):
        return or_404(None)
    form = or_404(get_session().scalar(select(StoryForm).where(StoryForm.key == key, StoryForm.version == version)))
    document = export_document(form)
    if fmt == "json":
        body, mimetype = json.dumps(document, ensure_ascii=False, indent=2) + "\n", "application/json"
    else:
        body, mimetype = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110), "application/yaml"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{form.key}-v{form.version}.{fmt}"'})


def _values() -> dict:
    return {"kind": request.form.get("kind", "vertelpunt"), "key": request.form.get("key", "").strip()[:60]}


@bp.post("/voorbeeld")
@role_required(UserRole.ADMIN)
def upload():
    """Parse the uploaded file and show what publishing it would do; nothing is stored here."""
    upload = request.files.get("file")
    data = upload.read(preview.MAX_FORM_BYTES + 1) if upload else b""
    values = _values()
    try:
        definition, notes = preview.read_upload(data, values["kind"], values["key"])
    except VertelpuntError as error:
        name = (upload.filename or "").lower() if upload else ""
        hint = ("\nIs dit een vragenset-CSV van NarraFirma? Kies dan 'NarraFirma-vragenset (CSV)'."
                if values["kind"] == "vertelpunt" and name.endswith((".csv", ".tsv", ".txt")) else "")
        return _error(error.message + hint, values=values)
    notes = list(notes) + translation_report(definition, LANGUAGES)  # what tellers in another language read in Dutch
    current = latest_form(get_session(), definition["key"])
    diff = preview.diff_definitions(form_definition(current) if current is not None else None, definition)
    return render_template("admin/form_preview.html", definition=definition, current=current, diff=diff,
                           text=data.decode("utf-8-sig"), changed={c.key: c for c in diff.changed}, notes=notes,
                           values=values, kinds=preview.FILE_KINDS, field_words=preview.FIELD_WORDS,
                           type_words=preview.TYPE_WORDS)


@bp.post("/publiceren")
@role_required(UserRole.ADMIN)
def publish():
    text = request.form.get("definition", "")
    seen = request.form.get("seen_version", "")
    values = _values()
    session = get_session()
    try:
        definition, _notes = preview.read_upload(text.encode("utf-8"), values["kind"], values["key"])
        outcome = preview.publish(session, definition, int(seen) if seen.isdigit() else None, current_user)
    except VertelpuntError as error:
        return _error(error.message, values=values)
    if not outcome.created:
        flash(f"Niets veranderd: {outcome.form.key} v{outcome.form.version} is al precies zo opgeslagen.", "info")
    else:
        moved = f" Open projecten die nu deze versie gebruiken: {', '.join(outcome.moved_projects)}." \
            if outcome.moved_projects else ""
        flash(f"Vragenset {outcome.form.key} v{outcome.form.version} is gepubliceerd.{moved}", "info")
    return redirect(url_for("admin_forms.index"))


def _error(message: str, status: int = 400, values: dict | None = None):
    forms = list(get_session().scalars(select(StoryForm).order_by(StoryForm.key, StoryForm.version.desc())))
    return render_template("admin/forms.html", forms=forms, error=message, kinds=preview.FILE_KINDS,
                           values=values or {"kind": "vertelpunt", "key": ""}), status
