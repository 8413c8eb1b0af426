"""Exports: proposals as CSV, the session report and the regional progress report (HTML and PDF)."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from vertelpunt.accounts.access import role_required, visible_region_ids
from vertelpunt.db import get_session
from vertelpunt.models import Region, SensemakingSession, UserRole
from vertelpunt.proposals.exports import html_to_pdf, proposals_csv
from vertelpunt.proposals.queries import ProposalFilter, list_proposals
from vertelpunt.proposals.report import progress_report, session_report

bp = Blueprint("proposals_exports", __name__)
READ_ROLES = (UserRole.FACILITATOR, UserRole.ANALYST, UserRole.VIEWER)
PERIOD_DAYS = 90


@bp.get("/beheer/voorstellen/export.csv", endpoint="proposals_csv")
@role_required(*READ_ROLES)
def proposals_csv_view():
    filters = ProposalFilter.from_args(request.args)
    proposals = list_proposals(get_session(), filters, visible_region_ids(current_user))
    name = "voorstellen" + "".join(f"-{part}" for part in (filters.project, filters.region) if part)
    return Response(
        "\ufeff" + proposals_csv(proposals), mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _session_or_404(session_id: int) -> SensemakingSession:
    sess = get_session().get(SensemakingSession, session_id)
    region_ids = visible_region_ids(current_user)
    if sess is None or (region_ids is not None and sess.region_id not in region_ids):
        abort(404)
    return sess


def _pdf(html: str, filename: str) -> Response:
    return Response(html_to_pdf(html, base_url=request.host_url), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.get("/beheer/sessies/<int:session_id>/verslag.html")
@role_required(*READ_ROLES)
def session_report_html(session_id: int):
    report = session_report(get_session(), _session_or_404(session_id))
    return render_template("proposals/session_report.html", report=report)


@bp.get("/beheer/sessies/<int:session_id>/verslag.pdf")
@role_required(*READ_ROLES)
def session_report_pdf(session_id: int):
    report = session_report(get_session(), _session_or_404(session_id))
    html = render_template("proposals/pdf.html", body="proposals/_session_report_body.html", report=report,
                           title=f"Verslag {report.session.name}")
    return _pdf(html, f"verslag-sessie-{session_id}.pdf")


def _progress_args():
    """Region (key) and period from the query string; defaults: every visible region, the last 90 days."""
    session = get_session()
    errors = {}
    today = date.today()
    dates = {}
    for name, default in (("from", today - timedelta(days=PERIOD_DAYS)), ("to", today)):
        raw = request.args.get(name, "").strip()
        try:
            dates[name] = date.fromisoformat(raw) if raw else default
        except ValueError:
            errors[name] = "Vul een datum in, bijvoorbeeld 2026-12-31."
            dates[name] = default
    if dates["from"] > dates["to"]:
        errors["to"] = "De einddatum ligt voor de begindatum."
    region = None
    key = request.args.get("region", "").strip()
    region_ids = visible_region_ids(current_user)
    if key:
        region = session.scalar(select(Region).where(Region.key == key))
        if region is None or (region_ids is not None and region.id not in region_ids):
            errors["region"] = "Kies een regio uit de lijst."
            region = None
    regions = [r for r in session.scalars(select(Region).order_by(Region.name))
               if region_ids is None or r.id in region_ids]
    report = progress_report(session, region, dates["from"], dates["to"], region_ids)
    return report, regions, errors


@bp.get("/beheer/voorstellen/voortgang")
@role_required(*READ_ROLES)
def progress():
    report, regions, errors = _progress_args()
    return render_template("proposals/progress.html", report=report, regions=regions, errors=errors,
                           args=request.args), (400 if errors else 200)


@bp.get("/beheer/voorstellen/voortgang.pdf")
@role_required(*READ_ROLES)
def progress_pdf():
    report, _regions, errors = _progress_args()
    if errors:
        abort(400)
    html = render_template("proposals/pdf.html", body="proposals/_progress_body.html", report=report,
                           title="Voortgang verbetervoorstellen")
    key = report.region.key if report.region else "alle-regios"
    return _pdf(html, f"voortgang-{key}-{report.start.isoformat()}-{report.end.isoformat()}.pdf")
