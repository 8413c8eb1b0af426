from flask import Blueprint, render_template

from vertelpunt.db import get_session
from vertelpunt.projects.services import list_open_projects

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return render_template("public/home.html", projects=list_open_projects(get_session()))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/toegankelijkheid")
def accessibility():
    return render_template("public/accessibility.html")
