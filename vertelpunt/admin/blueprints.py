"""Adding the administration pages and their job kind to the app: one call from web.py."""
from __future__ import annotations


def register(app) -> None:
    """Add the administration pages to the app (one call in web.py, so this area can grow on its own)."""
    from vertelpunt.admin.jobs import register as register_jobs
    from vertelpunt.admin.maintenance_jobs import register as register_maintenance_jobs
    from vertelpunt.admin.narrafirma_format import register as register_narrafirma
    from vertelpunt.admin.routes_accounts import bp as accounts_bp
    from vertelpunt.admin.routes_forms import bp as forms_bp
    from vertelpunt.admin.routes_maintenance import bp as maintenance_bp
    from vertelpunt.admin.routes_projects import bp as projects_bp
    from vertelpunt.admin.routes_stories import bp as stories_bp

    app.register_blueprint(projects_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(forms_bp)
    app.register_blueprint(stories_bp)
    app.register_blueprint(maintenance_bp)
    register_jobs()
    register_narrafirma()
    register_maintenance_jobs()
