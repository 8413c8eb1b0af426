"""The audit log page: admins only, newest first, filters, and staff actions of several kinds in it, in Dutch."""
import re
from pathlib import Path

from vertelpunt.audit.labels import ACTION_LABELS, detail_lines
from vertelpunt.audit.services import record
from vertelpunt.models import StoryStatus


def test_only_admins_read_the_audit_log(client, make_user, login):
    assert client.get("/beheer/audit/").status_code == 302
    login(make_user("analyst"))
    assert client.get("/beheer/audit/").status_code == 403


def test_audit_log_lists_and_filters_staff_actions(client, session, make_user, login):
    admin = make_user("admin")
    record(session, "story.hidden", "story", "ABC123", admin, {"from": "pending"})
    record(session, "card.publish", "observation_card", 7, admin)
    record(session, "stories.export", "project", "<script>x</script>")
    session.commit()
    login(admin)
    page = client.get("/beheer/audit/").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert rows.index("Verhalen geëxporteerd") < rows.index("Observatiekaart gepubliceerd") < rows.index("Verhaal verborgen")
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    only = client.get("/beheer/audit/?actie=card.publish").get_data(as_text=True)
    assert "kaart 7" in only and "ABC123" not in only
    by_target = client.get("/beheer/audit/?wie=abc1").get_data(as_text=True)
    assert "ABC123" in by_target and "kaart 7" not in by_target
    assert client.get("/beheer/audit/?wie=%25&pagina=-3").status_code == 200


def test_audit_log_shows_dutch_descriptions_and_no_raw_keys_or_json(client, session, make_user, login):
    admin = make_user("admin")
    record(session, "story.published", "story", "XYZ789", admin, {"from": "pending"})
    record(session, "user.create", "user", "nieuw@example.org", admin, {"role": "viewer", "regions": ["twente"]})
    record(session, "stories.purge", "database", None, detail={"count": 3, "older_than": "2024-01-01"})
    session.commit()
    login(admin)
    page = client.get("/beheer/audit/").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "Verhaal gepubliceerd" in rows and "Account aangemaakt" in rows and "Oude verhalen gewist" in rows
    assert "Was: te beoordelen" in rows and "Rol: kijker" in rows and "Aantal: 3" in rows
    assert "opdrachtregel" in rows  # a command's action names the command line, not "cli"
    for raw in ("story.published", "user.create", "stories.purge", "pending", "viewer", "{", "&#34;", "&quot;"):
        assert raw not in rows, raw
    assert ">Verhaal gepubliceerd</option>" in page  # the action filter offers the Dutch words too
    assert re.search(r"<p>\d+ gebeurtenissen\.</p>", page)


def test_every_recorded_action_has_a_dutch_description():
    """A new ``record(session, "x.y", ...)`` without a description here would show its key to admins."""
    source = "\n".join(path.read_text() for path in Path("vertelpunt").rglob("*.py"))
    literal = set(re.findall(r'(?:record\(\s*(?:get_)?session(?:\(\))?|_audit\()\s*,?\s*"([a-z_.]+)"', source))
    literal |= set(re.findall(r'"((?:user|proposal)\.[a-z_]+)" if ', source))
    literal |= set(re.findall(r'else "((?:user|proposal)\.[a-z_]+)"', source))
    history = {f"proposal.{action}" for action in re.findall(r'\blog\(session, proposal, user, "([a-z_]+)"', source)}
    statuses = {f"story.{status}" for status in StoryStatus.values()}
    wanted = literal | history | statuses
    assert len(literal) > 30 and len(history) == 4 and "card.export" in literal
    assert wanted - set(ACTION_LABELS) == set()


def test_detail_lines_read_as_dutch():
    assert detail_lines({"from": "published"}) == ["Was: gepubliceerd"]
    assert detail_lines({"fields": ["title", "regions"], "count": 1}) == ["Velden: titel, regio's", "Aantal: 1"]
    assert detail_lines({"changes": {"title": ["Oud", "Nieuw"], "owner_email": [None, "a@b.nl"]}}) == [
        "E-mail eigenaar: (leeg) → a@b.nl", "Titel: Oud → Nieuw"]
    assert detail_lines({"remaining_pii": ["phone", "email"], "reminders": True}) == [
        "Nog persoonlijke gegevens: telefoonnummer, e-mailadres", "Herinneringen: ja"]
    assert detail_lines(None) == []
