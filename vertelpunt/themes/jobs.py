"""A theme run started from the web is a job: over many stories finding themes takes longer than a page may.

The job reads the filter form again with the person's own rights (``parse_filters``), so a viewer's regions
or a theme run taken away in between narrow or refuse the run as the page would. Registered at app start
(``register``, called where the blueprint is added) so this area owns its kind, as the administration does.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from vertelpunt.jobs.kinds import KINDS, JobKind, JobRefused, Outcome, Progress, page_path
from vertelpunt.models import UserRole

KIND = "theme_run"


def run_theme_job(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from werkzeug.datastructures import MultiDict

    from vertelpunt.insights.filters import parse_filters
    from vertelpunt.themes.services import ThemeError, run_themes

    form = MultiDict([(key, value) for key, values in params.items() if key != "n_topics" for value in values])
    selection = parse_filters(session, form, user)
    if selection.project is None or selection.errors:
        raise JobRefused("Deze filters kun je niet (meer) kiezen. Start de thema's opnieuw vanaf de themapagina.")
    progress(0, 1, "thema's zoeken in de verhalen")
    try:
        run = run_themes(session, selection.project, selection.story_filter, int(params["n_topics"][0]), user,
                         selection.region_id_set)
    except ThemeError as error:
        raise JobRefused(error.message) from None
    # No progress after this point: the work's session holds the write lock until the wrapper commits it.
    session.flush()
    return Outcome(url=page_path("themes.show", run_id=run.id), story_ids=[])  # words and ids, no story text


def may_read_theme_job(session: Session, user, params: dict) -> bool:
    return user.has_role(UserRole.ANALYST)  # the themes pages' own rule


def register() -> None:
    KINDS.setdefault(KIND, JobKind(KIND, "Thema's zoeken", run_theme_job, may_read_theme_job, writes=True))
