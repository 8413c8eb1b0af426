"""One family per project: expected links listed apart, "verwacht" carried to later scans, power stated,
every scan kept and judged together under LORD++ (also when two scans run at once)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from vertelpunt.cards.runs import ranked_patterns, set_verdict, start_scan
from vertelpunt.db import database
from vertelpunt.insights.family import lock_state, take_levels
from vertelpunt.insights.records import StoryFilter
from vertelpunt.models import ExpectedLink, PatternRun, ProjectFdrState

PLANTED_PAIR = ("heard", "outcome")


@pytest.fixture
def expected_form(session, project, mini_definition):
    """The mini form again, now declaring the planted relation as expected (a new version the project moves to)."""
    from vertelpunt.forms.services import import_definition

    outcome = import_definition(session, {**mini_definition, "expected": [list(PLANTED_PAIR)]})
    session.commit()
    assert project.slug in outcome.moved_projects
    return outcome.form


def _keys(rows):
    return {row.key for row in rows}


def _pair_rows(rows):
    return [row for row in rows if tuple(sorted((row.pattern.question_a, row.pattern.question_b))) == PLANTED_PAIR]


def test_form_expected_link_is_listed_apart_and_not_in_the_project_stream(
        session, project, expected_form, planted, analyst, client, login):
    run = start_scan(session, project, StoryFilter(), analyst, splits=0)
    session.commit()
    findings, expected = ranked_patterns(session, run), ranked_patterns(session, run, expected=True)
    assert _pair_rows(expected) and not _pair_rows(findings)
    assert all(row.expected == "vragenset" for row in expected)
    assert not _keys(expected) & set(run.online["patterns"])
    assert _keys(findings) <= set(run.online["patterns"])
    login(analyst)
    page = client.get(f"/beheer/patronen/{run.id}").get_data(as_text=True)
    assert "Verwachte verbanden (" in page and "verwacht volgens de vragenset" in page
    assert "Toch een kaart maken" in page


def test_expected_link_is_not_drafted_as_card_by_default(session, project, expected_form, planted, analyst,
                                                        client, login, no_csrf):
    run = start_scan(session, project, StoryFilter(), analyst, splits=0)
    session.commit()
    key = _pair_rows(ranked_patterns(session, run, expected=True))[0].key
    login(analyst)
    client.application.config["WTF_CSRF_ENABLED"] = False  # login() turns it back on; no_csrf restores it
    refused = client.post(f"/beheer/patronen/{run.id}/kaart", data={"pattern": key}, follow_redirects=True)
    assert "verwacht verband" in refused.get_data(as_text=True)
    from vertelpunt.models import ObservationCard

    assert session.scalar(select(ObservationCard)) is None
    made = client.post(f"/beheer/patronen/{run.id}/kaart", data={"pattern": key, "toch": "1"})
    assert made.status_code == 303
    drafted = client.get(made.headers["Location"] + "/status.json").get_json()
    assert drafted["state"] == "klaar" and "/beheer/kaarten/" in drafted["link"]


def test_verdict_verwacht_carries_to_later_scans_and_another_verdict_withdraws_it(session, project, planted, analyst):
    first = start_scan(session, project, StoryFilter(), analyst, splits=0)
    session.commit()
    row = _pair_rows(ranked_patterns(session, first))[0]
    set_verdict(session, first, row.key, "verwacht", analyst)
    session.commit()
    assert _pair_rows(ranked_patterns(session, first, expected=True))  # this run moves it at once
    second = start_scan(session, project, StoryFilter(), analyst, splits=0)
    session.commit()
    assert {"pair": list(PLANTED_PAIR), "source": "analist", "run": first.id} in second.expected
    moved = _pair_rows(ranked_patterns(session, second, expected=True))
    assert moved and moved[0].expected == "analist" and moved[0].key not in second.online["patterns"]
    set_verdict(session, second, moved[0].key, "opvallend", analyst)
    session.commit()
    assert session.scalar(select(ExpectedLink)) is None
    assert _pair_rows(ranked_patterns(session, second))
    third = start_scan(session, project, StoryFilter(), analyst, splits=0)
    session.commit()
    assert _pair_rows(ranked_patterns(session, third)) and not third.expected


def test_every_scan_is_kept_and_shares_one_stream(session, project, planted, analyst, client, login):
    first = start_scan(session, project, StoryFilter(), analyst, splits=0)
    session.commit()
    second = start_scan(session, project, StoryFilter(roles=("parent", "youth")), analyst, splits=0)
    session.commit()
    state = session.get(ProjectFdrState, project.id)
    assert state.scans == 2 and state.tests == first.online["tests"] + second.online["tests"]
    assert second.online["tests_before"] == first.online["tests"] and second.online["scan"] == 2
    positions = [p["position"] for run in (first, second) for p in run.online["patterns"].values()]
    assert sorted(positions) == list(range(1, state.tests + 1))
    # the planted relation is overwhelming: LORD++ finds it project-wide too
    top = _pair_rows(ranked_patterns(session, first))[0]
    assert top.pattern.notable and top.online["notable"]
    assert len(session.scalars(select(PatternRun).where(PatternRun.project_id == project.id)).all()) == 2
    login(analyst)
    page = client.get(f"/beheer/patronen/{second.id}").get_data(as_text=True)
    assert "Dit is scan 2 van de 2 scans van dit project" in page
    assert "Binnen deze scan" in page and "Over alle scans" in page


def test_power_is_stated_and_small_scans_are_warned(session, project, planted, analyst, client, login):
    run = start_scan(session, project, StoryFilter(), analyst, splits=0)
    session.commit()
    assert run.power["n"] == 60 and run.power["too_few"] and run.power["minimum_n"] > 60
    assert {e["effect_name"] for e in run.power["effects"]} == {"rho", "rank-biserial", "epsilon-squared", "Cramer's V"}
    assert all(e["strength"] > run.power["medium"] for e in run.power["effects"])  # 60 stories: too few
    assert run.power["alpha_per_test"] == pytest.approx(run.power["alpha"] / run.power["tests"])
    login(analyst)
    page = client.get(f"/beheer/patronen/{run.id}").get_data(as_text=True)
    assert "Wat deze scan kan vinden" in page and "vindt deze scan alleen sterke patronen" in page


def test_two_scans_at_once_never_share_positions(app, session, project):
    """Scan A holds the project's state while scan B asks for it: B waits, then continues after A."""
    # the row exists, as after a project's first scan
    session.add(ProjectFdrState(project_id=project.id, alpha=0.05, w0=0.025, tests=0, rejections=[], spent=0.0, scans=0))
    session.commit()
    factory = database(app).session_factory
    a_locked, b_started = threading.Event(), threading.Event()
    outcomes, errors = {}, []

    def scan_a():
        with factory() as own:
            try:
                state = lock_state(own, project.id, 0.05)
                a_locked.set()
                b_started.wait()
                threading.Event().wait(0.3)  # give B time to reach the lock (correctness does not depend on it)
                from vertelpunt.insights.family import advance

                outcomes["a"] = advance(own, state, [0.5] * 40)
                own.commit()
            except Exception as error:  # noqa: BLE001 - reported below, in the test's own thread
                errors.append(error)
                a_locked.set()

    def scan_b():
        a_locked.wait()
        with factory() as own:
            try:
                b_started.set()
                outcomes["b"], _ = take_levels(own, project.id, 0.05, [0.5] * 30)
                own.commit()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
                b_started.set()

    threads = [threading.Thread(target=scan_a), threading.Thread(target=scan_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert outcomes["a"].positions.tolist() == list(range(1, 41))
    assert outcomes["b"].positions.tolist() == list(range(41, 71))
    session.expire_all()
    state = session.get(ProjectFdrState, project.id)
    assert state.tests == 70 and state.scans == 2
