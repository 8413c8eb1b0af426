"""The audit log for admins: who did what to which object, and when (staff actions only)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import func, or_, select

from vertelpunt.accounts.access import role_required
from vertelpunt.db import get_session
from vertelpunt.models import AuditEvent, UserRole
from vertelpunt.pagination import Page, requested_page

bp = Blueprint("audit", __name__, url_prefix="/beheer/audit")
PAGE_SIZE = 50


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@bp.get("/")
@role_required(UserRole.ADMIN)
def log():
    session = get_session()
    action = request.args.get("actie", "").strip()[:60]
    who = request.args.get("wie", "").strip()[:254]
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if who:
        pattern = f"%{_escape_like(who.lower())}%"
        query = query.where(or_(func.lower(AuditEvent.actor).like(pattern, escape="\\"),
                                func.lower(AuditEvent.target_id).like(pattern, escape="\\")))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    page = Page.of(total, PAGE_SIZE, requested_page(request.args))
    events = session.scalars(page.limit(query.order_by(AuditEvent.id.desc()))).all()
    actions = session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return render_template("audit/log.html", events=events, actions=actions, action=action, who=who, page=page)
