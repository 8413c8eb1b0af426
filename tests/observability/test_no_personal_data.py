"""No personal data in any log line: a whole story told and withdrawn from a fixed address and a distinctive
user agent, with a distinctive text, and every record of the run (DEBUG and up, every logger) formatted
both ways. Neither the address, the user agent, any three words of the story in a row, the withdrawal code
nor the project's slug in a path may show up; the same goes for what the real handler wrote to stderr."""
from __future__ import annotations

import logging

import pytest

from tests.observability.conftest import tell_story, withdraw
from vertelpunt.observability.logging_setup import JsonFormatter, TextFormatter, configure_logging

ADDRESS = "198.51.100.42"
AGENT = "Speurhond/4.2 (logboekcontrole)"
STORY = ("Mijn dochter Fenneke wachtte negen maanden op de kinderpsycholoog in Oldenzaal. Toen de "
         "zwaluwstaartbrief eindelijk kwam, was de hulp warm en geduldig en voelde ze zich gezien.")


def word_runs(text: str, size: int = 3) -> list[str]:
    words = text.split()
    return [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]


def leaks(output: str, code: str) -> list[str]:
    needles = [ADDRESS, AGENT, "Speurhond", code, code.lower(), "Fenneke", "zwaluwstaartbrief", "/v/proef",
               "bron=sms", *word_runs(STORY)]
    return [needle for needle in needles if needle in output]


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_whole_story_flow_leaves_no_personal_data_in_the_logs(client, project, caplog, capsys, log_format):
    configure_logging(log_format)
    caplog.set_level(logging.DEBUG)
    client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT})
    assert client.get("/v/proef/?bron=sms").status_code == 200
    code = tell_story(client, STORY)
    assert withdraw(client, "AAAA-BBBB-CCCC-DDDD").status_code == 400  # a wrong code first
    assert "zijn verwijderd" in withdraw(client, code).get_data(as_text=True)
    client.get("/healthz")
    client.get("/v/proef/bestaat-niet")

    routes = {r.route for r in caplog.records if r.name == "vertelpunt.request"}
    assert {"/v/<slug>/", "/v/<slug>/vertel/<role>", "/v/<slug>/bedankt", "/v/<slug>/intrekken", "unmatched"} <= routes
    for record in caplog.records:
        for output in (record.getMessage(), TextFormatter().format(record), JsonFormatter().format(record)):
            assert not leaks(output, code), (record.name, output)
    written = capsys.readouterr().err
    assert "POST /v/<slug>/vertel/<role> 303" in written
    assert not leaks(written, code)
