"""Log lines: text or JSON, one per request, keyed by the URL rule; configured once however many apps."""
from __future__ import annotations

import json
import logging
import re
import sys

import pytest

from vertelpunt import create_app
from vertelpunt.config import ConfigError, read_environment
from vertelpunt.observability.logging_setup import (
    APP_LOGGER, JsonFormatter, StderrHandler, TextFormatter, configure_logging,
)

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "vertelpunt.request"]


def _app(tmp_path, database_url, **config):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test",
                       "INSTANCE_PATH": str(tmp_path / "other-instance"), **config})


def test_json_lines_parse_and_hold_the_request_fields(client, caplog):
    caplog.set_level(logging.DEBUG)
    assert client.get("/").status_code == 200
    record, = request_records(caplog)
    line = json.loads(JsonFormatter().format(record))
    assert TIME.match(line.pop("time"))
    assert isinstance(line.pop("duration_ms"), float)
    assert line == {"level": "INFO", "logger": "vertelpunt.request", "message": line["message"],
                    "method": "GET", "route": "/", "status": 200}
    assert line["message"].startswith("GET / 200 ")


def test_text_line_names_method_rule_status_and_duration(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.get("/bestaat-niet?code=XYZ")
    record, = request_records(caplog)
    assert re.fullmatch(r"\S+ INFO vertelpunt\.request: GET unmatched 404 \d+\.\dms", TextFormatter().format(record))


def test_the_route_is_the_rule_never_the_path(client, project, caplog):
    caplog.set_level(logging.DEBUG)
    assert client.get("/v/proef/vertel/parent?bron=nieuwsbrief").status_code == 200
    record, = request_records(caplog)
    assert record.route == "/v/<slug>/vertel/<role>"
    assert "proef" not in JsonFormatter().format(record) and "nieuwsbrief" not in record.getMessage()


def test_an_unknown_method_is_logged_as_other(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.open("/", method="GEHEIMEMETHODE")
    record, = request_records(caplog)
    assert (record.method, record.status) == ("other", 405) and "GEHEIMEMETHODE" not in record.getMessage()


def test_health_probes_are_logged_at_debug(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.get("/healthz")
    client.get("/readyz")
    assert [(r.levelno, r.route) for r in request_records(caplog)] == [(logging.DEBUG, "/healthz"),
                                                                       (logging.DEBUG, "/readyz")]


def test_a_request_refused_by_an_early_check_is_still_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    assert client.get("/?q=%00").status_code == 400  # refused by the first before-request function of the web app
    record, = request_records(caplog)
    assert (record.route, record.status) == ("/", 400)


def test_tracebacks_keep_where_but_not_what():
    secret = "postgresql://vertelpunt:geheim-wachtwoord@db/vertelpunt"
    try:
        raise ValueError(secret)
    except ValueError:
        record = logging.LogRecord("vertelpunt", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    for formatter in (TextFormatter(), JsonFormatter()):
        output = formatter.format(record)
        assert "ValueError" in output and "test_tracebacks_keep_where_but_not_what" in output
        assert "geheim-wachtwoord" not in output


def test_unhandled_exception_is_logged_with_the_rule(app, client, caplog):
    caplog.set_level(logging.DEBUG)

    def explode(code):
        raise RuntimeError(f"kapot bij {code}")

    app.add_url_rule("/probeer/<code>", "explode", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get("/probeer/GEHEIM123").status_code == 500
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == ["Exception on /probeer/<code> [GET]"]
    for record in caplog.records:
        for formatter in (TextFormatter(), JsonFormatter()):
            assert "GEHEIM123" not in formatter.format(record)


def test_one_handler_however_many_apps(tmp_path, database_url):
    from flask.logging import default_handler

    for _ in range(3):
        _app(tmp_path, database_url).logger  # noqa: B018
    logger = logging.getLogger(APP_LOGGER)
    assert [type(h) for h in logger.handlers] == [StderrHandler]
    assert default_handler not in logger.handlers and logger.propagate
    _app(tmp_path, database_url, LOG_FORMAT="json")
    assert isinstance(logger.handlers[0].formatter, JsonFormatter)


def test_handler_writes_info_to_stderr_in_the_chosen_format(capsys):
    configure_logging("json")
    logging.getLogger("vertelpunt.request").debug("poll")
    logging.getLogger("vertelpunt.request").info("GET / 200 1.0ms", extra={"route": "/"})
    lines = capsys.readouterr().err.strip().splitlines()
    assert [json.loads(line)["route"] for line in lines] == ["/"]


def test_bad_log_format_is_refused_in_dutch(tmp_path, database_url):
    with pytest.raises(ConfigError, match="moet 'text' of 'json' zijn"):
        _app(tmp_path, database_url, LOG_FORMAT="xml")


def test_log_format_is_read_from_the_environment():
    assert read_environment({"VERTELPUNT_LOG_FORMAT": "json"})["LOG_FORMAT"] == "json"
    assert "LOG_FORMAT" not in read_environment({})
