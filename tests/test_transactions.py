"""Where a transaction ends (docs/architecture.md): once per request in ``db.end_request_transaction``, once per
command in ``cli_helpers.command_transaction``, and nowhere else. These tests hold the code to that and show that
a failure half-way leaves nothing half-saved, on whichever database the suite runs (SQLite, or PostgreSQL with
VERTELPUNT_TEST_DATABASE_URL)."""
from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

import vertelpunt
from vertelpunt.collect import routes as collect_routes
from vertelpunt.errors import VertelpuntError
from vertelpunt.models import Answer, SensemakingSession, SessionTable, Story

PACKAGE = Path(vertelpunt.__file__).parent
#: The only modules that may end a transaction themselves (paths below vertelpunt/).
TRANSACTION_ENDS = {"db.py", "cli_helpers.py"}
#: The one early commit (``db.commit_despite_error``) and the one place allowed to call it.
EARLY_COMMIT_CALLERS = {("accounts/routes.py", "login")}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not relative.startswith("migrations/"):
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _calls(tree, name):
    """(function, line) of every call ``<anything>.<name>(...)`` or ``<name>(...)`` in the module."""
    found = []

    def visit(node, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Call):
            callee = node.func
            if (isinstance(callee, ast.Attribute) and callee.attr == name) or (
                    isinstance(callee, ast.Name) and callee.id == name):
                found.append((function, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def test_the_ast_walk_finds_a_commit():
    tree = ast.parse("def save(session):\n    session.add(1)\n    session.commit()\n")
    assert _calls(tree, "commit") == [("save", 3)]


@pytest.mark.parametrize("method", ["commit", "rollback"])
def test_only_the_transaction_helpers_commit_or_roll_back(method):
    offenders = [f"{module}:{line} ({function})" for module, tree in _modules() if module not in TRANSACTION_ENDS
                 for function, line in _calls(tree, method)]
    assert offenders == [], f"{method}() outside db.py and cli_helpers.py: services flush, the request or command " \
                            f"ends the transaction (docs/architecture.md, Where a transaction ends)"


def test_the_early_commit_is_used_where_its_docstring_says_only():
    callers = {(module, function) for module, tree in _modules() if module != "db.py"
               for function, _line in _calls(tree, "commit_despite_error")}
    assert callers == EARLY_COMMIT_CALLERS


# --- a request ------------------------------------------------------------------------------------------

def _told_story(client, token):
    csrf = CSRF.search(client.get("/v/proef/vertel/parent").get_data(as_text=True)).group(1)
    return client.post("/v/proef/vertel/parent", data={
        "csrf_token": csrf, "submission": token, "step": "3", "nav": "submit", "prompt": "moment",
        "text": "Het duurde lang maar de hulp paste goed bij ons gezin.", "title": "Eindelijk",
        "q_outcome": "80", "q_outcome__state": "answer", "q_heard": "75", "q_heard__state": "answer",
        "q_help_type": "jeugdhulp", "q_place": "enschede"})


def _rows(session):
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(Story)),
            session.scalar(select(func.count()).select_from(Answer)))


def test_a_story_is_committed_once_at_the_end_of_its_request(client, session, project):
    assert _told_story(client, "token-goed-0001").status_code == 303
    session.rollback()  # whatever this session still held: the rows must be committed
    assert _rows(session) == (1, 3)


def test_a_user_error_in_the_second_step_leaves_no_story_and_no_answers(client, session, project, monkeypatch):
    def refuse(*_args):
        raise VertelpuntError("De bedankpagina kan nu niet worden klaargezet.")

    monkeypatch.setattr(collect_routes, "hold_code", refuse)  # runs after the story and its answers are written
    response = _told_story(client, "token-fout-0001")
    assert response.status_code == 400
    assert "De bedankpagina kan nu niet worden klaargezet." in response.get_data(as_text=True)
    assert _rows(session) == (0, 0)


def test_a_bug_in_the_second_step_leaves_no_story_and_no_answers(app, client, session, project, monkeypatch, caplog):
    def broken(*_args):
        raise KeyError("ticket")

    monkeypatch.setattr(collect_routes, "hold_code", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, with the 500 page
    with caplog.at_level(logging.ERROR):
        response = _told_story(client, "token-bug-00001")
    assert response.status_code == 500
    assert "KeyError" not in response.get_data(as_text=True)
    assert any(record.exc_info and record.exc_info[0] is KeyError for record in caplog.records)
    assert _rows(session) == (0, 0)


@pytest.fixture
def meeting(session, project, make_user, login):
    """A sense-making session with one table, and its facilitator logged in."""
    from vertelpunt.facilitate import planning
    from vertelpunt.models import User

    facilitator = make_user("facilitator", "begeleider@example.org")
    item = planning.create_session(session, planning.SessionInput(
        name="Duiding", held_on="2026-05-20", place="Enschede", project_id=str(project.id)),
        session.get(User, facilitator.id))
    planning.add_table(session, item, "Tafel 1")
    session.commit()
    login(facilitator)
    return item


def _post(client, url, data):
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        return client.post(url, data=data)
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True


def test_a_form_shown_again_with_a_400_keeps_nothing(client, session, meeting, monkeypatch):
    """The view catches the error and renders its form with the message: the 400 alone rolls back what the
    service had changed before it refused."""
    from vertelpunt.facilitate import planning

    def change_then_refuse(_session, item, _data, _user):
        item.name = "Half opgeslagen"
        raise planning.PlanningError("Kies een project.", "project_id")

    monkeypatch.setattr(planning, "update_session", change_then_refuse)
    response = _post(client, f"/beheer/sessies/{meeting.id}/bewerken",
                     {"name": "Nieuwe naam", "held_on": "2026-05-21", "place": "Hengelo", "project_id": ""})
    assert response.status_code == 400
    assert "Kies een project." in response.get_data(as_text=True)
    assert 'value="Nieuwe naam"' in response.get_data(as_text=True)  # what was typed stays
    session.expire_all()
    assert session.scalar(select(SensemakingSession.name)) == "Duiding"


def test_a_refused_action_that_redirects_back_keeps_nothing(client, session, meeting, monkeypatch):
    """A flash message and a redirect is not an error status: the view discards the request's changes itself
    (``web_errors.back_with_error``), here after the table was already renamed in the session."""
    from vertelpunt.facilitate import board

    def rename_then_refuse(item, minutes):
        item.tables[0].name = "Half hernoemd"
        raise board.BoardError("Vul een aantal minuten in.")

    monkeypatch.setattr(board, "start_timer", rename_then_refuse)
    response = _post(client, f"/beheer/sessies/{meeting.id}/timer", {"minutes": "x"})
    assert response.status_code == 302
    session.expire_all()
    assert session.scalar(select(SessionTable.name)) == "Tafel 1"
    assert session.scalar(select(func.count()).select_from(SensemakingSession)) == 1
    board_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vul een aantal minuten in." in board_page


# --- a command ------------------------------------------------------------------------------------------

def test_a_command_commits_what_it_did(run, session, project, tmp_path):
    from vertelpunt.stories.csv_io import export_csv

    run("stories", "import", "--project", "proef", str(_one_story_csv(session, project, tmp_path, export_csv)))
    session.rollback()
    assert _rows(session)[0] == 1


def test_a_user_error_after_a_command_wrote_rolls_everything_back(run, session, project, tmp_path, monkeypatch):
    """The import has written its stories when the audit line is refused: the command exits 1 with the Dutch
    message, and no story is left."""
    from vertelpunt.audit import services as audit_services
    from vertelpunt.stories.csv_io import export_csv

    path = _one_story_csv(session, project, tmp_path, export_csv)

    def refuse(*_args, **_kwargs):
        raise VertelpuntError("Het auditlog is vol.")

    monkeypatch.setattr(audit_services, "record", refuse)
    result = run("stories", "import", "--project", "proef", str(path), ok=False)
    assert result.exit_code == 1
    assert "Het auditlog is vol." in result.output and "Traceback" not in result.output
    assert _rows(session) == (0, 0)


def _one_story_csv(session, project, tmp_path, export_csv):
    """A CSV export of one story, after which the story is gone again (so an import can bring it back)."""
    from vertelpunt.stories.services import StoryInput, create_story

    create_story(session, project, StoryInput(role="parent", text="Een verhaal om te exporteren en terug te zetten.",
                                              answers={"outcome": 40.0}))
    path = tmp_path / "verhalen.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        export_csv(session, project, handle)
    session.rollback()
    assert _rows(session) == (0, 0)
    return path
