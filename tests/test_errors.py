"""How errors travel (docs/architecture.md): one family, one web answer, one CLI exit, and a logged 500 for the
rest."""
from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import re

import click
import pytest
from click.testing import CliRunner

import analysis
import vertelpunt
from analysis.errors import AnalysisError
from vertelpunt.errors import USER_ERRORS, VertelpuntError

#: Exceptions of the app that are not for a person to read, each with the reason.
NOT_USER_ERRORS = {
    # the before-flush guard of used form versions: reaching it is a bug in the calling code, a 500
    "vertelpunt.forms.immutability.FormVersionLockedError",
    # the CLI's own exit (click's class), what every user error becomes in a command
    "vertelpunt.cli_helpers.CommandError",
}


def _error_classes(package):
    found = {}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".migrations." in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def test_every_error_class_of_the_app_is_a_vertelpunt_error():
    classes = _error_classes(vertelpunt)
    assert len(classes) >= 25  # the walk really finds them
    strays = sorted(name for name, cls in classes.items()
                    if not issubclass(cls, VertelpuntError) and name not in NOT_USER_ERRORS)
    assert strays == []


def test_every_error_class_of_the_analysis_library_is_an_analysis_error():
    classes = _error_classes(analysis)
    assert "analysis.errors.AnalysisError" in classes
    assert sorted(name for name, cls in classes.items() if not issubclass(cls, AnalysisError)) == []


def test_every_error_class_takes_a_message_and_a_field():
    classes = {**_error_classes(vertelpunt), **_error_classes(analysis)}
    for name, cls in classes.items():
        if name in NOT_USER_ERRORS:
            continue
        error = cls("Dit klopt niet.", "naam")
        assert (error.message, error.field, error.errors, str(error)) == (
            "Dit klopt niet.", "naam", {"naam": "Dit klopt niet."}, "Dit klopt niet."), name
        assert isinstance(error, USER_ERRORS)


def test_an_error_for_several_fields_keeps_each_message():
    error = VertelpuntError.per_field({"name": "Vul een naam in.", "place": "Vul een plaats in."})
    assert error.errors == {"name": "Vul een naam in.", "place": "Vul een plaats in."}
    assert error.field is None and error.message == "Vul een naam in. Vul een plaats in."
    assert VertelpuntError.per_field({"name": "Vul een naam in."}).field == "name"


# --- the web ------------------------------------------------------------------------------------------

def _token(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


@pytest.fixture
def analyst(make_user):
    return make_user("analyst", "analist@example.org")


@pytest.fixture
def production_errors(app):
    """Unhandled exceptions answered as in production (tests normally let them propagate)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = None


@pytest.mark.parametrize("bug", [KeyError("n_stories"), ValueError("operands could not be broadcast together")])
def test_a_bug_under_the_scan_is_a_logged_500_with_the_ordinary_page(
        client, login, project, analyst, monkeypatch, caplog, production_errors, bug):
    """Before, the scan page caught every ValueError: a bug showed as a 400 with its raw text."""
    from vertelpunt.cards import runs

    def broken(*_args, **_kwargs):
        raise bug

    monkeypatch.setattr(runs, "run_scan", broken)
    login(analyst)
    token = _token(client, "/beheer/patronen/")
    with caplog.at_level(logging.ERROR):
        response = client.post("/beheer/patronen/scan", data={"csrf_token": token, "project": "proef"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis bij ons" in body and "Naar de startpagina" in body
    assert str(bug.args[0]) not in body and type(bug).__name__ not in body
    logged = [record for record in caplog.records if record.exc_info and record.exc_info[1] is bug]
    assert logged and "/beheer/patronen/scan" in logged[0].getMessage()


def test_a_user_error_under_the_scan_is_a_400_with_its_message(client, login, project, analyst, monkeypatch):
    from vertelpunt.cards import runs
    from vertelpunt.insights.scans import ScanError

    def refused(*_args, **_kwargs):
        raise ScanError("Er zijn te weinig verhalen om te scannen.")

    monkeypatch.setattr(runs, "run_scan", refused)
    login(analyst)
    token = _token(client, "/beheer/patronen/")
    response = client.post("/beheer/patronen/scan", data={"csrf_token": token, "project": "proef"})
    assert response.status_code == 400
    assert "Er zijn te weinig verhalen om te scannen." in response.get_data(as_text=True)


def test_a_user_error_no_view_answers_is_the_ordinary_400_page_and_keeps_nothing(
        client, login, session, project, make_user, monkeypatch):
    """Removing a table catches nothing: an error raised there reaches the app-wide handler."""
    from sqlalchemy import func, select

    from vertelpunt.facilitate import planning
    from vertelpunt.models import SessionTable, User

    facilitator = make_user("facilitator", "begeleider@example.org")
    item = planning.create_session(session, planning.SessionInput(
        name="Duiding", held_on="2026-05-20", place="Enschede", project_id=str(project.id)),
        session.get(User, facilitator.id))
    table = planning.add_table(session, item, "Tafel 1")
    session.commit()

    def delete_then_refuse(session, table):
        session.delete(table)
        session.flush()
        raise planning.PlanningError("Deze tafel heeft nog briefjes.", "table_name")

    monkeypatch.setattr(planning, "remove_table", delete_then_refuse)
    login(facilitator)
    token = _token(client, f"/beheer/sessies/{item.id}")
    response = client.post(f"/beheer/sessies/{item.id}/tafels/{table.id}/verwijderen", data={"csrf_token": token})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Deze tafel heeft nog briefjes." in body and "Er ging iets mis met je verzoek" in body
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(SessionTable)) == 1


def test_an_analysis_error_no_view_answers_is_a_400_too(app, client):
    @app.get("/proef-analyse-fout")
    def refuse():
        raise AnalysisError("er zijn geen verhalen om te analyseren")

    response = client.get("/proef-analyse-fout")
    assert response.status_code == 400 and "er zijn geen verhalen om te analyseren" in response.get_data(as_text=True)


def test_a_500_drops_the_messages_that_said_it_worked(app, client, production_errors):
    from flask import flash

    @app.get("/proef-opgeslagen-en-kapot")
    def saved_then_broken():
        flash("De sessie is opgeslagen.", "info")
        raise RuntimeError("after the flash")

    assert client.get("/proef-opgeslagen-en-kapot").status_code == 500
    assert "De sessie is opgeslagen." not in client.get("/").get_data(as_text=True)


# --- the command line -----------------------------------------------------------------------------------

def test_a_user_error_in_a_command_is_a_dutch_message_and_exit_1(run, project):
    result = run("projects", "create", "nieuw", "--title", "Nieuw", "--form", "bestaat-niet", ok=False)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "bestaat-niet" in result.output
    assert "Traceback" not in result.output


def test_a_bug_in_a_command_is_not_reported_as_a_user_error(app, project, monkeypatch):
    from vertelpunt.cli import cli
    from vertelpunt.projects import services

    def broken(*_args, **_kwargs):
        raise KeyError("form")

    monkeypatch.setattr(services, "create_project", broken)
    result = CliRunner().invoke(cli, ["projects", "create", "nieuw", "--title", "Nieuw"])
    assert isinstance(result.exception, KeyError) and not isinstance(result.exception, click.ClickException)
    assert result.exit_code == 1
