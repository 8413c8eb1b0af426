"""A proposal's re-measurement: its plan is checked in Dutch, and its page shows what the stories before and
after its start say, equal to scipy on the same answers, with too few stories said as such."""
from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy import stats
from sqlalchemy import select

from vertelpunt.models import AuditEvent, ProposalMeasure
from vertelpunt.proposals.measures import MeasureError, MeasureInput, measure_report, save_measure

START = date(2026, 5, 4)


def _tell(make_story, project, place, week, heard, status="published"):
    return make_story(project, commit=False, week=week, status=status,
                      answers={"outcome": 50.0, "heard": float(heard), "help_type": ["jeugdhulp"], "place": place})


@pytest.fixture
def told(session, project, make_story):
    """Twente: 12 stories before the start and 12 after, 20 points higher; Nijmegen: 12 and 12, unchanged."""
    rng = np.random.default_rng(5)
    values = {}
    for place, shift in (("enschede", 20), ("nijmegen", 0)):
        before = np.round(np.clip(rng.normal(40, 12, 12), 0, 100))
        after = np.round(np.clip(rng.normal(40 + shift, 12, 12), 0, 100))
        for value in before:
            _tell(make_story, project, place, date(2026, 3, 2), value)
        for value in after:
            _tell(make_story, project, place, date(2026, 6, 1), value)
        values[place] = (before, after)
    _tell(make_story, project, "enschede", date(2026, 6, 1), 100, status="hidden")  # never counted
    session.commit()
    return values


def test_the_report_equals_scipy_on_the_same_answers(session, told, make_proposal, make_user):
    proposal = make_proposal()  # region twente
    save_measure(session, proposal, MeasureInput([("heard", "higher")], "2026-05-06"), make_user("facilitator"))
    report = measure_report(session, proposal, min_group=5, suppress=True)
    assert report.starts_week == START and report.region_names == ["Twente"]
    shift = report.shifts[0]
    before, after = told["enschede"]
    before = np.concatenate([before, [65.0] * 3])  # the board's three stories from Enschede, in March
    expected = stats.ttest_ind(after, before, equal_var=False)
    assert (shift.region.n_before, shift.region.n_after) == (15, 12)
    assert shift.region.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert shift.region.low == pytest.approx(expected.confidence_interval().low, abs=1e-9)
    rest_before, rest_after = told["nijmegen"]
    assert shift.rest.difference == pytest.approx(rest_after.mean() - rest_before.mean(), abs=1e-9)
    assert shift.conclusion == "better" and "<svg" in shift.chart
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "proposal.measure")) is not None


def test_under_the_minimum_the_report_says_too_few(session, project, make_story, make_proposal, make_user):
    for _ in range(6):
        _tell(make_story, project, "enschede", date(2026, 3, 2), 40)
        _tell(make_story, project, "enschede", date(2026, 6, 1), 80)
    session.commit()
    proposal = make_proposal()
    save_measure(session, proposal, MeasureInput([("heard", "higher")], "2026-05-04"), make_user("facilitator"))
    shift = measure_report(session, proposal, min_group=5, suppress=True).shifts[0]
    assert not shift.region.enough and shift.conclusion == "too_few" and shift.chart == ""


def test_a_plan_with_mistakes_is_refused_per_field_in_dutch(session, told, make_proposal, make_user):
    proposal = make_proposal()
    user = make_user("facilitator")
    with pytest.raises(MeasureError) as refused:
        save_measure(session, proposal, MeasureInput([("help_type", "higher")], "4 mei", ["atlantis"]), user)
    assert set(refused.value.errors) == {"questions", "starts_on", "regions"}
    assert "schuifvragen" in refused.value.errors["questions"] and "JJJJ-MM-DD" in refused.value.errors["starts_on"]
    with pytest.raises(MeasureError, match="minstens één vraag"):
        save_measure(session, proposal, MeasureInput([], "2026-05-04"), user)
    with pytest.raises(MeasureError, match="hoger of lager"):
        save_measure(session, proposal, MeasureInput([("heard", "sideways")], "2026-05-04"), user)
    assert session.scalar(select(ProposalMeasure)) is None


def test_staff_set_a_plan_and_the_public_page_shows_it_in_plain_words(session, told, make_proposal, staff, client):
    proposal = make_proposal()
    staff("facilitator")
    bad = client.post(f"/beheer/voorstellen/{proposal.id}/meting",
                      data={"question_1": "heard", "direction_1": "higher", "starts_on": "31-02-2026"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "De hermeting is niet opgeslagen" in page
    assert 'value="31-02-2026"' in page and '<option value="heard" selected>' in page  # nothing typed is lost
    good = client.post(f"/beheer/voorstellen/{proposal.id}/meting",
                       data={"question_1": "heard", "direction_1": "higher", "starts_on": "2026-05-04",
                             "region": "twente"})
    assert good.status_code == 302
    detail = client.get(f"/beheer/voorstellen/{proposal.id}").get_data(as_text=True)
    assert "Beter geworden" in detail and "Rest van het land" in detail and "Welch t" in detail
    proposal.status = "chosen"
    session.commit()
    public = client.get(f"/v/proef/opvolging/{proposal.id}").get_data(as_text=True)
    assert "Is er iets veranderd?" in public and "vertelden 15 mensen" in public and "Welch" not in public
    assert client.post(f"/beheer/voorstellen/{proposal.id}/meting/weg").status_code == 302
    assert session.scalar(select(ProposalMeasure)) is None


def test_a_viewer_cannot_set_a_plan(session, told, make_proposal, staff, client):
    proposal = make_proposal()
    staff("viewer", region_keys=("twente",))
    response = client.post(f"/beheer/voorstellen/{proposal.id}/meting",
                           data={"question_1": "heard", "direction_1": "higher", "starts_on": "2026-05-04"})
    assert response.status_code == 403 and session.scalar(select(ProposalMeasure)) is None
