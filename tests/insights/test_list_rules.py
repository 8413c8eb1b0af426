"""A long list's small-group rule is made by a job and kept (vertelpunt/insights/list_rules.py): the story page then
shows exactly what the rule worked out in the request shows, hides every grouped label until the job is done, and
never applies a rule made from other stories than the list holds now."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from analysis.disclosure import MaskRule
from tests.security.test_small_group_differencing import world  # noqa: F401 (a fixture)
from vertelpunt.insights import list_rules, story_view
from vertelpunt.models import Job, ListRule, Story


def _page(client, public_id, args):
    html = client.get(f"/beheer/analyse/verhalen/{public_id}", query_string={"project": "proef", **args})
    assert html.status_code == 200
    return html.get_data(as_text=True)


def _shown_part(html: str) -> str:
    meta = re.search(r'<p class="muted">(.*?)</p>', html, re.S).group(1)
    answers = re.search(r'<dl class="answers">(.*?)</dl>', html, re.S)
    return meta + (answers.group(1) if answers else "")


@pytest.mark.parametrize("args", [{}, {"help_type": "ots"}], ids=["no filters", "help_type=ots"])
def test_a_kept_rule_shows_what_the_rule_worked_out_in_the_request_shows(client, session, world, monkeypatch, args):
    twente = [public_id for public_id, attrs in world if attrs["region"] == "twente"
              and all(attrs.get(k) == v for k, v in args.items())]
    inline = {public_id: _shown_part(_page(client, public_id, args)) for public_id in twente}
    assert session.scalar(select(func.count()).select_from(ListRule)) == 1  # made in the first request, kept
    session.execute(delete(ListRule))
    session.commit()
    monkeypatch.setattr(story_view, "INLINE_STORIES", 0)  # every list is "long" now
    first = _page(client, twente[0], args)
    assert "We tellen nu op de achtergrond" in first
    assert session.scalar(select(func.count()).select_from(ListRule)) == 1  # the job ran (immediate queue)
    kept = {public_id: _shown_part(_page(client, public_id, args)) for public_id in twente}
    assert kept == inline
    assert session.scalar(select(func.count()).select_from(Job).where(Job.kind == list_rules.JOB_KIND)) == 1


def test_a_short_list_s_rule_is_made_once_and_read_after(client, session, world, monkeypatch):
    twente = [public_id for public_id, attrs in world if attrs["region"] == "twente"]
    shown = {twente[0]: _shown_part(_page(client, twente[0], {}))}

    def again(*_args, **_kwargs):
        raise AssertionError("the rule of an unchanged list was worked out again")

    monkeypatch.setattr(story_view, "mask_rule", again)
    shown.update({public_id: _shown_part(_page(client, public_id, {})) for public_id in twente[1:]})
    monkeypatch.undo()
    session.execute(delete(ListRule))
    session.commit()
    assert shown == {public_id: _shown_part(_page(client, public_id, {})) for public_id in twente}


def test_while_the_rule_is_made_no_grouped_label_is_shown(client, session, world, monkeypatch):
    monkeypatch.setattr(story_view, "INLINE_STORIES", 0)
    monkeypatch.setattr(list_rules, "ask", lambda session_, request, user: Job(id=1))  # a job that never runs
    public_id = next(public_id for public_id, attrs in world if attrs["region"] == "twente")
    html = _page(client, public_id, {})
    assert "We tellen nu op de achtergrond" in html
    meta = _shown_part(html)
    for label in ("Twente", "ouder", "jongere", "kwartaal", "Ondertoezichtstelling", "Jeugd-ggz"):
        assert label not in meta


def test_a_rule_made_from_other_stories_is_not_applied(client, session, world, make_story, project, monkeypatch):
    monkeypatch.setattr(story_view, "INLINE_STORIES", 0)
    public_id = next(public_id for public_id, attrs in world if attrs["region"] == "twente")
    _page(client, public_id, {})  # the job makes and keeps the rule
    assert "We tellen nu" not in _page(client, public_id, {})
    make_story(project, role="youth", week=date(2026, 2, 9),
               answers={"outcome": 50.0, "heard": 60.0, "help_type": ["ots"], "place": "enschede"})
    assert "We tellen nu op de achtergrond" in _page(client, public_id, {})  # a new list: a new rule first
    assert "We tellen nu" not in _page(client, public_id, {})
    assert session.scalar(select(func.count()).select_from(Job).where(Job.kind == list_rules.JOB_KIND)) == 2


def test_a_stamp_sees_a_story_becoming_incomplete(session, project, make_story):
    from vertelpunt.insights.records import StoryFilter

    story = make_story(project)
    request = list_rules.ListRequest.of(project.id, StoryFilter(complete_only=False), None, 5)
    before = list_rules.list_stamp(session, request.ids(project))
    session.get(Story, story.id).is_complete = not story.is_complete
    session.flush()
    assert list_rules.list_stamp(session, request.ids(project)) != before


def test_a_rule_survives_json_with_its_choice_and_triad_values():
    rule = MaskRule(("role", "q:help_type", "q:mattered"),
                    {"role": frozenset({"youth"}), "q:help_type": frozenset({("jeugdhulp", "ots")}),
                     "q:mattered": frozenset({(0.2, 0.3, 0.5)})}, frozenset({"q:mattered"}))
    again = list_rules.rule_from_json(list_rules.rule_to_json(rule))
    assert again == rule
    row = {"role": "youth", "q:help_type": ("jeugdhulp", "ots"), "q:mattered": (0.6, 0.3, 0.1)}
    assert again.apply(row) == rule.apply(row)


def test_one_job_per_list_however_often_the_page_is_opened(session, project, make_story, make_user):
    from vertelpunt.insights.records import StoryFilter

    make_story(project)
    user = make_user("analyst")
    request = list_rules.ListRequest.of(project.id, StoryFilter(), None, 5, "abc")
    first = list_rules.ask(session, request, user)
    again = list_rules.ask(session, list_rules.ListRequest.of(project.id, StoryFilter(), None, 5, "other"), user)
    assert again.id == first.id
    other = list_rules.ask(session, list_rules.ListRequest.of(project.id, StoryFilter(roles=("youth",)), None, 5), user)
    assert other.id != first.id
    session.rollback()
