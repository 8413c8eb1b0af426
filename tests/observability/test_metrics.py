"""/metrics: open to staff and to this machine, a 404 for everyone else; counters keyed by the URL rule;
the stories-saved counter moves once per committed story; multiprocess mode adds up every worker."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client import REGISTRY

from tests.observability.conftest import tell_story
from vertelpunt.observability import metrics

ELSEWHERE = {"REMOTE_ADDR": "192.0.2.1"}
TELL_RULE = "/v/<slug>/vertel/<role>"
WORKTREE = Path(__file__).resolve().parents[2]


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_anonymous_visitors_from_elsewhere_get_a_404(client):
    response = client.get("/metrics", environ_overrides=ELSEWHERE)
    assert response.status_code == 404 and "vertelpunt_" not in response.get_data(as_text=True)


def test_this_machine_may_read_them(client):
    for address in ("127.0.0.1", "::1"):
        response = client.get("/metrics", environ_overrides={"REMOTE_ADDR": address})
        assert response.status_code == 200 and response.mimetype == "text/plain"
        assert "vertelpunt_requests_total" in response.get_data(as_text=True)


def test_logged_in_staff_may_read_them_from_elsewhere(client, login, make_user):
    client.environ_base.update(ELSEWHERE)  # the session is bound to the address it logged in from
    login(make_user("viewer", region_keys=("twente",)))
    assert client.get("/metrics").status_code == 200


def test_requests_are_counted_by_rule_method_and_status(client, project):
    labels = {"route": TELL_RULE, "method": "GET", "status": "200"}
    before = sample("vertelpunt_requests_total", **labels)
    before_latency = sample("vertelpunt_request_duration_seconds_count", route=TELL_RULE)
    assert client.get("/v/proef/vertel/parent").status_code == 200
    assert sample("vertelpunt_requests_total", **labels) == before + 1
    assert sample("vertelpunt_request_duration_seconds_count", route=TELL_RULE) == before_latency + 1
    exposed = client.get("/metrics").get_data(as_text=True)
    assert f'route="{TELL_RULE}"' in exposed and "/v/proef" not in exposed


def test_a_saved_story_counts_once(client, project):
    before = sample("vertelpunt_stories_saved_total")
    tell_story(client, "We wachtten lang, maar de hulp die kwam was goed en ik voelde me gehoord.")
    assert sample("vertelpunt_stories_saved_total") == before + 1


def test_a_double_submit_counts_once(client, project):
    from tests.collect.conftest import StoryFlow
    from werkzeug.datastructures import MultiDict

    story_flow = StoryFlow(client, "proef", "parent")
    story_flow.post(prompt="moment", text="Twee keer op verstuur gedrukt, maar het is maar een verhaal.")
    story_flow.post(q_outcome="70", q_outcome__state="answer", q_heard="70", q_heard__state="answer")
    story_flow.post()
    fields = story_flow.hidden_fields() + [("nav", "submit")]
    before = sample("vertelpunt_stories_saved_total")
    for _ in range(2):
        assert client.post("/v/proef/vertel/parent", data=MultiDict(fields)).status_code == 303
    assert sample("vertelpunt_stories_saved_total") == before + 1


def test_multiprocess_mode_adds_up_the_workers(tmp_path, monkeypatch):
    env = {**os.environ, metrics.MULTIPROC_ENV: str(tmp_path), "PYTHONPATH": str(WORKTREE)}
    worker = ("from vertelpunt.observability.metrics import story_saved, observe_request\n"
              "story_saved(); story_saved(); observe_request('/healthz', 'GET', 200, 0.01)\n"
              "import os; print(os.getpid())")
    pids = [subprocess.run([sys.executable, "-c", worker], env=env, cwd=WORKTREE, check=True, capture_output=True,
                           text=True).stdout.strip() for _ in range(2)]
    monkeypatch.setenv(metrics.MULTIPROC_ENV, str(tmp_path))
    for pid in pids:
        metrics.mark_worker_dead(int(pid))
    exposed = metrics.exposition().decode()
    assert "vertelpunt_stories_saved_total 4.0" in exposed
    assert 'vertelpunt_requests_total{method="GET",route="/healthz",status="200"} 2.0' in exposed


def test_mark_worker_dead_does_nothing_without_multiprocess_mode(monkeypatch):
    from prometheus_client import multiprocess

    marked = []
    monkeypatch.setattr(multiprocess, "mark_process_dead", marked.append)
    monkeypatch.delenv(metrics.MULTIPROC_ENV, raising=False)
    metrics.mark_worker_dead(1)  # no folder to clean: no error
    assert marked == []
    monkeypatch.setenv(metrics.MULTIPROC_ENV, "/nonexistent")  # and with the mode on, the worker is forgotten
    metrics.mark_worker_dead(2)
    assert marked == [2]
