"""Role and region checks for staff pages.

Every non-public view is wrapped in :func:`role_required`; viewers additionally only ever see the regions
they are assigned to, which :func:`visible_region_ids` hands to the queries.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort
from flask_login import current_user, login_required

from vertelpunt.models import User, UserRole

STAFF_ROLES = tuple(role.value for role in UserRole)


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
