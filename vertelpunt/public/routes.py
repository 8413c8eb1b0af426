"""Site-wide public pages: the start page, the privacy statements and the accessibility statement."""
from flask import Blueprint, render_template
from flask_babel import gettext

from vertelpunt.db import get_session, or_404
from vertelpunt.projects import privacy as project_privacy_rules
from vertelpunt.projects.services import get_project, list_open_projects

bp = Blueprint("public", __name__)
AUTHORITY = {"name": project_privacy_rules.AUTHORITY_NAME, "url": project_privacy_rules.AUTHORITY_URL}


@bp.get("/")
def home():
    return render_template("public/home.html", projects=list_open_projects(get_session()))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html", projects=list_open_projects(get_session()), authority=AUTHORITY)


@bp.get("/v/<slug>/privacy")
def project_privacy(slug: str):
    """The privacy statement of one project, naming who is responsible for its stories (also when closed)."""
    project = or_404(get_project(get_session(), slug))
    return render_template("public/project_privacy.html", project=project, authority=AUTHORITY,
                           missing=[gettext(label) for label in project_privacy_rules.missing_labels(project)])


@bp.get("/toegankelijkheid")
def accessibility():
    return render_template("public/accessibility.html", projects=list_open_projects(get_session()))
