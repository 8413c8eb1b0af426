"""Vertelpunt: share experiences with youth care, find patterns in them, and turn them into improvements.

:func:`create_app` is the only entry point that builds an application; nothing runs at import time.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from vertelpunt import config as settings

if TYPE_CHECKING:
    from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def _asset_dir(name: str) -> str:
    """Where ``templates`` or ``static`` is (see docs/architecture.md, Assets).

    An installed wheel carries them inside the package (``vertelpunt/templates``); an editable install reads
    the repository's top-level folders. The parent folder only counts when it is this repository (it holds
    pyproject.toml), so an unrelated ``site-packages/templates`` is never picked up.
    """
    packaged = PACKAGE_DIR / name
    if packaged.is_dir():
        return str(packaged)
    checkout = PROJECT_DIR / name
    if checkout.is_dir() and (PROJECT_DIR / "pyproject.toml").is_file():
        return str(checkout)
    return str(packaged)


def create_app(config: Mapping[str, Any] | None = None, *, web: bool = True) -> Flask:
    """Build the Flask application.

    ``web=False`` builds it without its pages (blueprints, error pages, request log, probes): for command
    line work that reads and writes data but renders no page, it starts in a fraction of the time, since
    the pages' modules are most of what an app loads (``vertelpunt.cli`` decides per command).

    Configuration is layered: :class:`vertelpunt.config.Defaults` -> ``instance/config.py`` ->
    ``VERTELPUNT_*`` environment variables -> ``config`` (used by tests). The mapping wins over the
    environment for the instance folder too (``INSTANCE_PATH`` over ``VERTELPUNT_INSTANCE_PATH``).
    Raises :class:`vertelpunt.config.ConfigError` (Dutch message) for a setting that cannot be used.
    """
    instance_path = (config or {}).get("INSTANCE_PATH") or os.environ.get("VERTELPUNT_INSTANCE_PATH")
    from flask import Flask  # here: the CLI's `patterns --csv` imports this package without any Flask

    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        instance_relative_config=True,
        template_folder=_asset_dir("templates"),
        static_folder=_asset_dir("static"),
    )
    app.config.from_object(settings.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(settings.read_environment(os.environ))
    if config:
        app.config.update(config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = settings.sqlite_url_for(app.instance_path)
    settings.require_shared_secret_key(app.config)
    from vertelpunt.brand import check_brand

    check_brand(app)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.load_or_create_secret_key(app.instance_path)

    from vertelpunt import db, models  # noqa: F401 (every table in Base.metadata: backup and restore use it)
    from vertelpunt.forms import immutability

    db.init_app(app)
    immutability.install()
    if web:
        from vertelpunt.accounts.loader import register_user_loader
        from vertelpunt.extensions import csrf, login_manager
        from vertelpunt.observability import register_observability
        from vertelpunt.proxies import trust_proxies
        from vertelpunt.web import register_web

        csrf.init_app(app)
        login_manager.init_app(app)
        register_user_loader(login_manager)
        register_web(app)
        from vertelpunt.limits import early

        early.install(app)  # after every other before_request function is registered: it goes first
        register_observability(app)
        trust_proxies(app)
    else:
        from vertelpunt.observability.logging_setup import configure_logging

        configure_logging(app.config.get("LOG_FORMAT", "text"))
    return app
