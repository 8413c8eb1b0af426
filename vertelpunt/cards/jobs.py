"""Drafting an observation card is a job: it loads every story behind the scan (run_table), which at 100,000
stories takes longer than a page may.

The page checks what it can check at once (the pattern is in the scan, an expected link needs "toch") so a
mistake is shown there; the job drafts the card and links its editor. Registered at app start (``register``,
called where the blueprint is added) so this area owns its kind.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from vertelpunt.jobs.kinds import KINDS, JobKind, JobRefused, Outcome, Progress, page_path
from vertelpunt.models import UserRole

KIND = "card_draft"


def run_card_draft(session: Session, user, params: dict, progress: Progress) -> Outcome:
    from vertelpunt.cards.drafting import create_card
    from vertelpunt.cards.errors import CardError
    from vertelpunt.models import PatternRun
    from vertelpunt.small_groups import threshold

    run = session.get(PatternRun, int(params.get("run_id") or 0))
    if run is None:
        raise JobRefused("Deze scan bestaat niet meer.")
    progress(0, 1, "de kaart opstellen uit de verhalen")
    try:
        card = create_card(session, run, str(params.get("pattern", "")), user, min_group=threshold())
    except CardError as error:
        raise JobRefused(error.message) from None
    # No progress after this point: the work's session holds the write lock until the wrapper commits it.
    session.flush()
    return Outcome(url=page_path("cards.edit", card_id=card.id), story_ids=[])  # the card is the result


def may_read_card_draft(session: Session, user, params: dict) -> bool:
    return user.has_role(UserRole.ANALYST)  # the patterns pages' own rule


def register() -> None:
    KINDS.setdefault(KIND, JobKind(KIND, "Observatiekaart opstellen", run_card_draft, may_read_card_draft,
                                   writes=True))
