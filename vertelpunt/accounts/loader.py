"""Connect flask-login to the users table."""
from __future__ import annotations

from flask_login import LoginManager

from vertelpunt.db import get_session
from vertelpunt.models import User


def register_user_loader(login_manager: LoginManager) -> None:
    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = get_session().get(User, int(user_id))
        return user if user is not None and user.active else None
