from flask import Blueprint, render_template
from flask_login import current_user

from vertelpunt.accounts.access import STAFF_ROLES, role_required, visible_region_ids
from vertelpunt.db import get_session
from vertelpunt.projects.services import project_summaries

bp = Blueprint("staff", __name__, url_prefix="/beheer")


@bp.get("/")
@role_required(*STAFF_ROLES)
def overview():
    summaries = project_summaries(get_session(), region_ids=visible_region_ids(current_user))
    return render_template("staff/overview.html", summaries=summaries)
