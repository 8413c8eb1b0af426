"""Connect flask-login to the users table."""
from __future__ import annotations

from flask import session as cookie
from flask_login import LoginManager

from vertelpunt.db import get_session
from vertelpunt.models import User


def register_user_loader(login_manager: LoginManager) -> None:
    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = get_session().get(User, int(user_id))
        if user is None or not user.active:
            return None
        if cookie.get("session_version") != user.session_version:
            return None  # a cookie from before a logout (see accounts.services.end_all_sessions)
        return user
