"""CSRF probes: every POST route in the URL map refuses a request without a valid csrf_token, even from a
logged-in admin (who may do everything), and the database stays exactly as it was."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.security.probe_world import join_as_participant, login_admin, world  # noqa: F401 (fixtures)
from vertelpunt.db import Base
from vertelpunt.models import Note

CSRF_MESSAGE = "Formulier verlopen"

#: What a real form of each endpoint would post (without its token); anything else gets GENERIC.
FORM_DATA = {
    "accounts.login": {"email": "admin@example.org", "password": "correct-paard-batterij-niet"},
    "moderate.change_status": {"status": "rejected", "reason": "Probe"},
    "moderate.redact": {"text": "Weggehaald door een probe.", "title": "Probe"},
    "facilitate.new": {"name": "Nieuwe sessie", "held_on": "2030-01-01", "place": "Hengelo", "project_id": "1"},
    "facilitate.edit": {"name": "Andere naam", "held_on": "2030-01-01", "place": "Hengelo", "project_id": "1"},
    "facilitate.change_status": {"status": "closed"},
    "facilitate.add_table": {"table_name": "Tafel 9", "perspectives": "ouders"},
    "facilitate.table": {"action": "save", "table_name": "Tafel 10", "perspectives": "x"},
    "board.create_cluster": {"name": "Nieuw cluster"},
    "board.rename_cluster": {"name": "Andere naam"},
    "board.voting": {"action": "close"},
    "board.timer": {"minutes": "5"},
    "board.focus": {"card_id": ""},
    "board.move_note": {"cluster_id": ""},
    "proposals.new": {"title": "Nieuw", "seen": "Gezien", "solution": "Oplossing", "owner_name": "Petra",
                      "owner_organisation": "Gemeente", "region": "twente"},
    "proposals.edit": {"title": "Veranderd", "seen": "Gezien", "solution": "Oplossing", "owner_name": "Petra",
                       "owner_organisation": "Gemeente", "region": "twente"},
    "proposals.status": {"status": "chosen"},
    "proposals.update": {"text": "Een update zonder token.", "on": "2026-01-01"},
    "participate.join": {"name": "Indringer"},
    "participate.add_note": {"kind": "zorg", "text": "Briefje zonder token"},
    "participate.vote": {"note_id": "1"},
    "collect.tell": {"text": "Een verhaal zonder token met genoeg woorden erin.", "nav": "submit", "step": "0"},
    "collect.withdraw": {"code": "AAAA-BBBB-CCCC-DDDD"},
    "cards.save": {"title": "Andere titel", "observation": "Anders", "interpretation_a": "a", "interpretation_b": "b",
                   "action": "save"},
    "cards.unpublish": {},
    "patterns.scan": {"project": "proef"},
    "patterns.mark": {"pattern": "heard|outcome", "verdict": "interesting"},
    "patterns.make_card": {"pattern": "heard|outcome"},
    "themes.start": {"project": "proef", "n_topics": "3"},
    "themes.scan": {},
    "admin_forms.upload": {"kind": "narrafirma", "key": "nf-probe"},
    "admin_stories.upload": {"format": "narrafirma", "status": "published", "role_source": "role", "role": "parent"},
    "admin_stories.confirm": {"token": "A" * 32},
    "admin_maintenance.purge_preview": {"period": "1d"},
    "admin_maintenance.purge": {"period": "1d", "confirm": "WISSEN"},
    "admin_maintenance.restore_confirm": {"token": "A" * 32, "confirm": "HERSTEL"},
}
GENERIC = {"name": "x", "title": "x", "text": "x", "status": "closed", "action": "delete"}


def snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table: a refused request must change nothing at all, not only the counts."""
    session.expire_all()
    rows = {}
    for table in Base.metadata.sorted_tables:
        result = session.execute(select(table)).all()
        rows[table.name] = sorted((tuple(map(repr, row)) for row in result))
    return rows


def url_values(session, w) -> dict[str, object]:
    note_id = session.scalar(select(Note.id).where(Note.session_id == w.sess.id).order_by(Note.id))
    table_id = w.table.id
    return {
        "slug": "proef", "role": "parent", "public_id": w.story.public_id, "session_id": w.sess.id,
        "table_id": table_id, "cluster_id": w.cluster.id, "note_id": note_id, "proposal_id": w.proposal.id,
        "code": w.sess.join_code, "card_id": w.card.id, "run_id": w.card.run_id, "topic": 0,
        "user_id": w.facilitator.id, "task_id": 1, "condition_id": 1,
    }


def post_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if "POST" in rule.methods), key=lambda r: r.rule)


def build_url(app, rule, values: dict) -> str:
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.endpoint}: add a value for {sorted(missing)} to url_values so it is probed"
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def test_every_post_route_refuses_a_request_without_token(app, client, session, world):
    login_admin(client, world)
    join_as_participant(client, world)
    values = url_values(session, world)
    rules = post_rules(app)
    assert len(rules) >= 25
    before = snapshot(session)
    for rule in rules:
        url = build_url(app, rule, values)
        data = dict(FORM_DATA.get(rule.endpoint, GENERIC))
        if rule.endpoint in ("facilitate.table", "board.create_cluster"):
            data["table_id"] = str(world.table.id)
        response = client.post(url, data=data)
        assert response.status_code == 400, (rule.endpoint, response.status_code)
        assert CSRF_MESSAGE in response.get_data(as_text=True), rule.endpoint
        assert snapshot(session) == before, f"{rule.endpoint} changed the database without a token"
    # still logged in: the refused logout did not log out either
    assert client.get("/beheer/").status_code == 200


def test_a_wrong_or_foreign_token_is_refused_too(app, client, session, world):
    login_admin(client, world)
    before = snapshot(session)
    url = f"/beheer/voorstellen/{world.proposal.id}/status"
    for token in ("", "x", "IjEyMyI.abc.def", "a" * 5000):
        response = client.post(url, data={"status": "chosen", "csrf_token": token})
        assert response.status_code == 400 and CSRF_MESSAGE in response.get_data(as_text=True), token
    assert snapshot(session) == before


@pytest.mark.parametrize("headers", [
    {"X-Requested-With": "fetch", "Accept": "application/json"},
    {"X-Requested-With": "fetch", "Accept": "application/json", "X-CSRFToken": "not-the-token"},
], ids=["no-header", "wrong-header"])
def test_board_drag_and_drop_needs_the_header_token(app, client, session, world, headers):
    login_admin(client, world)
    values = url_values(session, world)
    before = snapshot(session)
    url = f"/beheer/sessies/{world.sess.id}/notities/{values['note_id']}/cluster"
    for body in ({"data": {"cluster_id": ""}}, {"json": {"cluster_id": None}}):
        response = client.post(url, headers=headers, **body)
        assert response.status_code == 400
    assert snapshot(session) == before


def test_control_with_the_token_the_same_drag_and_drop_goes_through(app, client, session, world):
    """Control: with the page's token the same drag-and-drop request goes through (so 400 above is CSRF)."""
    import re

    login_admin(client, world)
    values = url_values(session, world)
    page = client.get(f"/beheer/sessies/{world.sess.id}/bord").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/beheer/sessies/{world.sess.id}/notities/{values['note_id']}/cluster",
                           data={"cluster_id": ""}, headers={"X-Requested-With": "fetch", "X-CSRFToken": token,
                                                              "Accept": "application/json"})
    assert response.status_code == 200 and response.get_json()["cluster_id"] is None
    session.expire_all()
    assert session.get(Note, values["note_id"]).cluster_id is None
