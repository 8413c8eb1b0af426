"""No personal traces: after a full story flow and a withdrawal attempt, neither the client's IP address nor
its user agent is anywhere in the database or in the logs, and the story carries only its week."""
import logging
from datetime import date, datetime, timedelta

from sqlalchemy import select

from tests.collect.test_flow import _walk_to_submit
from vertelpunt.db import Base
from vertelpunt.models import AuditEvent, Story

ADDRESS = "203.0.113.77"
AGENT = "VertelpuntProbe/9.9 (spoorzoeker)"


def every_value(session) -> list[str]:
    values = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            values.extend(str(value) for value in row)
    return values


def test_no_address_or_user_agent_in_database_or_logs(app, client, flow, session, project, caplog):
    caplog.set_level(logging.DEBUG)
    audit_before = session.scalars(select(AuditEvent.id)).all()  # setting up the project is audited, by staff
    client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT,
                                "HTTP_X_FORWARDED_FOR": ADDRESS})
    story_flow = flow()
    _walk_to_submit(story_flow)
    assert story_flow.post("submit").status_code == 303
    client.get("/v/proef/bedankt")
    page = client.get("/v/proef/intrekken").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/v/proef/intrekken", data={"csrf_token": token, "code": "AAAA-BBBB-CCCC-DDDD"})

    session.expire_all()
    story = session.scalars(select(Story)).one()
    values = every_value(session)
    assert not [v for v in values if ADDRESS in v or "VertelpuntProbe" in v]
    assert not [r.getMessage() for r in caplog.records if ADDRESS in r.getMessage() or "VertelpuntProbe" in r.getMessage()]
    assert story.week == date.today() - timedelta(days=date.today().weekday())  # the Monday of this week
    story_row = session.execute(select(Story.__table__).where(Story.id == story.id)).one()
    assert not [v for v in story_row if isinstance(v, datetime)]  # the week (a date), never a time
    assert session.scalars(select(AuditEvent.id)).all() == audit_before  # tellers are never in the audit log
