"""Role and region checks for staff pages.

Every non-public view is wrapped in :func:`role_required`; viewers additionally only ever see the regions
they are assigned to, which :func:`visible_region_ids` hands to the queries. Who may read which card is
decided here too (:func:`may_read_card`), because the card pages and the exports of another area must
apply the same rule.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort
from flask_login import current_user, login_required

from vertelpunt.models import ObservationCard, User, UserRole
from vertelpunt.projects.visibility import in_regions

STAFF_ROLES = tuple(role.value for role in UserRole)
CARD_EDITOR_ROLES = (UserRole.ANALYST,)  # admins pass every role check
CARD_READER_ROLES = (UserRole.ANALYST, UserRole.FACILITATOR, UserRole.VIEWER)


def role_required(*roles: str) -> Callable:
    """Require a logged-in user with one of ``roles``; admins pass every check."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def visible_region_ids(user: User) -> set[int] | None:
    """Region ids the user may see, or ``None`` for "all regions" (everyone but viewers)."""
    if user.role == UserRole.VIEWER.value:
        return {region.id for region in user.regions}
    return None


def may_see_small_groups(user: User | None) -> bool:
    """Groups under the threshold are shown to admins only."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_admin)


def may_edit_cards(user: User) -> bool:
    """Analysts (and admins) draft, edit and publish observation cards."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(*CARD_EDITOR_ROLES))


def may_read_card(user: User, card: ObservationCard) -> bool:
    """Editors read every card; facilitators and viewers only published ones, viewers only those of their
    regions (a project-wide card belongs to every region of its project: :mod:`vertelpunt.projects.visibility`)."""
    if may_edit_cards(user):
        return True
    if not (getattr(user, "is_authenticated", False) and user.has_role(*CARD_READER_ROLES)) or not card.is_published:
        return False
    return in_regions(card, visible_region_ids(user))
