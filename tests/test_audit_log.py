"""The audit log page: admins only, newest first, filters, and staff actions of several kinds in it."""
from vertelpunt.audit.services import record


def test_only_admins_read_the_audit_log(client, make_user, login):
    assert client.get("/beheer/audit/").status_code == 302
    login(make_user("analyst"))
    assert client.get("/beheer/audit/").status_code == 403


def test_audit_log_lists_and_filters_staff_actions(client, session, make_user, login):
    admin = make_user("admin")
    record(session, "story.hidden", "story", "ABC123", admin, {"from": "pending"})
    record(session, "card.export", "card", 7, admin)
    record(session, "stories.export", "project", "<script>x</script>")
    session.commit()
    login(admin)
    page = client.get("/beheer/audit/").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert rows.index("stories.export") < rows.index("card.export") < rows.index("story.hidden")
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    only = client.get("/beheer/audit/?actie=card.export").get_data(as_text=True)
    assert "card 7" in only and "ABC123" not in only
    by_target = client.get("/beheer/audit/?wie=abc1").get_data(as_text=True)
    assert "ABC123" in by_target and "card 7" not in by_target
    assert client.get("/beheer/audit/?wie=%25&pagina=-3").status_code == 200
