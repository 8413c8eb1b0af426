"""The demo project stored through the same services real stories use."""
import pytest
from sqlalchemy import func, select

from vertelpunt.demo.load import DEMO_REGIONS, seed_demo
from vertelpunt.models import Story, User
from vertelpunt.projects.services import project_summaries


def test_demo_project_is_stored_complete_and_mostly_published(session):
    outcome = seed_demo(session, seed=3, n=300)
    session.commit()
    summary = project_summaries(session)[0]
    assert summary.total == 300 and summary.complete == 300
    assert summary.pending == 9 and summary.published == 291  # every 33rd waits in the moderation queue
    assert {r.key for r in outcome.project.regions} == set(DEMO_REGIONS)
    roles = dict(session.execute(select(Story.role, func.count()).group_by(Story.role)).all())
    assert roles["parent"] > roles["professional"] > roles["youth"]
    assert session.scalar(select(func.count()).select_from(Story).where(Story.region_id.is_(None))) == 0
    admin = session.scalars(select(User)).one()
    assert admin.role == "admin" and outcome.admin_password and outcome.admin_password not in admin.password_hash


def test_demo_is_deterministic_per_seed(session):
    seed_demo(session, seed=5, n=60, create_admin=False)
    first = [(s.role, s.text, s.week) for s in session.scalars(select(Story).order_by(Story.id))]
    session.rollback()
    seed_demo(session, seed=5, n=60, create_admin=False)
    again = [(s.role, s.text, s.week) for s in session.scalars(select(Story).order_by(Story.id))]
    assert first == again and len(first) == 60


def test_demo_refuses_to_run_twice(session):
    seed_demo(session, n=50, create_admin=False)
    session.commit()
    with pytest.raises(ValueError, match="bestaat al"):
        seed_demo(session, n=50)
