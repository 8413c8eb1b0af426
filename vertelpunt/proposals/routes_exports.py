"""Exports: proposals as CSV, the session report and the regional progress report (HTML and PDF).

The PDFs are made by jobs (``vertelpunt.jobs``): the report's page has a button that starts one and leads to
its progress page, where the file waits when it is done."""
from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from vertelpunt.accounts.access import role_required, visible_region_ids
from vertelpunt.db import get_session, or_404
from vertelpunt.jobs.services import start_job
from vertelpunt.models import SensemakingSession
from vertelpunt.proposals.exports import proposals_csv
from vertelpunt.proposals.queries import ProposalFilter, list_proposals
from vertelpunt.proposals.report import session_report
from vertelpunt.proposals.report_requests import READ_ROLES, progress_request, readable_session

bp = Blueprint("proposals_exports", __name__)


@bp.get("/beheer/voorstellen/export.csv", endpoint="proposals_csv")
@role_required(*READ_ROLES)
def proposals_csv_view():
    filters = ProposalFilter.from_args(request.args)
    proposals = list_proposals(get_session(), filters, visible_region_ids(current_user))
    name = "voorstellen" + "".join(f"-{part}" for part in (filters.project, filters.region) if part)
    spreadsheet = request.args.get("scheiding") != "komma"  # ?scheiding=komma: ',' for other programs
    return Response(
        proposals_csv(proposals, spreadsheet=spreadsheet), mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _session_or_404(session_id: int) -> SensemakingSession:
    return or_404(readable_session(get_session(), current_user, session_id))


@bp.get("/beheer/sessies/<int:session_id>/verslag.html")
@role_required(*READ_ROLES)
def session_report_html(session_id: int):
    report = session_report(get_session(), _session_or_404(session_id))
    return render_template("proposals/session_report.html", report=report)


@bp.post("/beheer/sessies/<int:session_id>/verslag.pdf")
@role_required(*READ_ROLES)
def session_report_pdf(session_id: int):
    """Start the job that makes the report's PDF (the button on the report's page), and go to its page."""
    sess = _session_or_404(session_id)
    session = get_session()
    job = start_job(session, current_user, "session_report", {"session_id": sess.id}, project_id=sess.project_id,
                    steps_total=2, step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


@bp.get("/beheer/voorstellen/voortgang")
@role_required(*READ_ROLES)
def progress():
    asked = progress_request(get_session(), current_user, request.args)
    return render_template("proposals/progress.html", report=asked.report, regions=asked.regions,
                           errors=asked.errors, args=request.args), (400 if asked.errors else 200)


@bp.post("/beheer/voorstellen/voortgang.pdf")
@role_required(*READ_ROLES)
def progress_pdf():
    """Start the job that makes the progress report as PDF (the button on its page), and go to its page."""
    session = get_session()
    asked = progress_request(session, current_user, request.args)
    if asked.errors:
        abort(400)
    job = start_job(session, current_user, "progress_report", asked.params, steps_total=2,
                    step_text="in de wachtrij")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)
