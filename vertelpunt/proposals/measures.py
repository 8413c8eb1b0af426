"""Re-measurement of a proposal: its plan (questions, direction, regions, from when) and what the stories show.

The comparison is counted in SQL (count, sum and sum of squares per region group, period and bin of 20
points), read from the kept week sums (vertelpunt/insights/week_sums.py) when they are in step, so a
proposal's page reads a few thousand rows whatever the number of stories, and the statistics come
from those sums through scipy (analysis/remeasure.py). Only published stories count, so a withdrawal, a
redaction that hides a story or a rejection leaves the comparison at once. Stories count by week (the only
time a story keeps): "after" is every story from the week of the start date on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from vertelpunt.audit.services import record
from vertelpunt.errors import VertelpuntError
from vertelpunt.forms.services import form_definition
from vertelpunt.insights import tallies
from vertelpunt.insights.week_sums import CHART_BINS, chart_bin, period_sums
from vertelpunt.models import Answer, Proposal, ProposalMeasure, Region, Story, StoryStatus
from vertelpunt.stories.services import monday_of

# analysis.remeasure (and so scipy) is imported where a report is made, not here: the app starts without
# scipy loaded (tests/test_startup.py), and the words below are the module's constants spelled out.
HIGHER, LOWER = "higher", "lower"
DIRECTIONS = (HIGHER, LOWER)
#: Fewer answers than this on either side of the date and the page says "nog te weinig verhalen".
MIN_STORIES = 10
MAX_QUESTIONS = 3
DIRECTION_LABELS = {HIGHER: "hoger is beter", LOWER: "lager is beter"}
CONCLUSION_TEXT = {  # by analysis.remeasure's conclusions
    "better": "beter geworden", "worse": "slechter geworden", "unclear": "geen duidelijk verschil",
    "too_few": "nog te weinig verhalen",
}


class MeasureError(VertelpuntError):
    """A re-measurement plan that cannot be stored; the message is Dutch, per field."""


@dataclass(frozen=True)
class MeasureInput:
    """The plan as typed: question keys with their direction, the start date (YYYY-MM-DD) and region keys."""

    questions: list[tuple[str, str]]
    starts_on: str
    region_keys: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionShift:
    """What the stories show for one question of the plan."""

    key: str
    text: str
    direction: str
    region: object  # analysis.remeasure.PeriodShift
    rest: object | None  # None: the plan covers the whole project, there is no rest to compare with
    against_rest: object | None
    conclusion: str
    chart: Markup

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS[self.direction]

    @property
    def conclusion_text(self) -> str:
        return CONCLUSION_TEXT[self.conclusion]


@dataclass(frozen=True)
class MeasureReport:
    measure: ProposalMeasure
    starts_week: date
    region_names: list[str]
    shifts: list[QuestionShift]
    min_stories: int


def measurable_questions(proposal: Proposal) -> dict[str, dict]:
    """The project's slider questions (key -> definition): the answers a mean can be taken of."""
    definition = form_definition(proposal.project.form)
    return {q["key"]: q for module in definition["modules"] for q in module["questions"] if q["type"] == "slider"}


def region_options(session: Session, proposal: Proposal) -> list[Region]:
    """The regions a plan may name: the project's own, or every region when the project names none."""
    return list(proposal.project.regions) or sorted(session.scalars(select(Region)).all(), key=lambda r: r.name)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def save_measure(session: Session, proposal: Proposal, data: MeasureInput, user) -> ProposalMeasure:
    """Store (or replace) the proposal's plan after checking every field; raises MeasureError per field."""
    errors: dict[str, str] = {}
    known = measurable_questions(proposal)
    chosen = [(key, direction) for key, direction in data.questions if key]
    if not chosen:
        errors["questions"] = "Kies minstens één vraag waarop je verandering verwacht."
    elif len(chosen) > MAX_QUESTIONS:
        errors["questions"] = f"Kies hoogstens {MAX_QUESTIONS} vragen."
    elif any(key not in known for key, _ in chosen):
        errors["questions"] = "Kies een vraag uit de lijst (alleen schuifvragen kunnen worden gemeten)."
    elif len({key for key, _ in chosen}) != len(chosen):
        errors["questions"] = "Kies elke vraag maar één keer."
    elif any(direction not in DIRECTIONS for _, direction in chosen):
        errors["questions"] = "Kies bij elke vraag of hoger of lager beter is."
    starts_on = _parse_date(data.starts_on)
    if starts_on is None:
        errors["starts_on"] = "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-05-04."
    options = {region.key for region in region_options(session, proposal)}
    if any(key not in options for key in data.region_keys):
        errors["regions"] = "Kies regio's uit de lijst."
    if errors:
        raise MeasureError.per_field(errors)
    measure = proposal.measure or ProposalMeasure(proposal=proposal)
    measure.starts_on, measure.region_keys = starts_on, sorted(set(data.region_keys))
    measure.questions = [{"key": key, "direction": direction} for key, direction in chosen]
    measure.updated_by = user.email
    session.add(measure)
    session.flush()
    record(session, "proposal.measure", "proposal", proposal.id, user,
           {"questions": measure.questions, "starts_on": starts_on.isoformat(), "regions": measure.region_keys})
    return measure


def remove_measure(session: Session, proposal: Proposal, user) -> None:
    if proposal.measure is not None:
        session.delete(proposal.measure)
        session.flush()
        record(session, "proposal.measure_removed", "proposal", proposal.id, user, {})


def _region_ids(session: Session, proposal: Proposal, measure: ProposalMeasure) -> tuple[list[int] | None, list[str]]:
    """Ids and names of the plan's regions: its own, else the proposal's; None: the whole project."""
    if measure.region_keys:
        regions = session.scalars(select(Region).where(Region.key.in_(measure.region_keys))).all()
    elif proposal.region is not None:
        regions = [proposal.region]
    else:
        return None, []
    return [r.id for r in regions], sorted(r.name for r in regions)


def _sums(session: Session, proposal: Proposal, key: str, starts_week: date, region_ids: list[int] | None) -> dict:
    """(in the plan's regions, after) -> [Summary, counts per bin] over published stories: from the kept week
    sums when the tallies' stamp is current, else counted from the answers (the same rows either way)."""
    from analysis.remeasure import Summary

    if tallies.current_stamp(session, proposal.project_id) is not None:
        rows = period_sums(session, proposal.project_id, key, starts_week, region_ids)
    else:
        rows = _live_sums(session, proposal, key, starts_week, region_ids)
    groups: dict = {}
    for inside, is_after, bin_index, n, total, squares in rows:
        summary, counts = groups.setdefault((int(inside), int(is_after)), [Summary(0), [0] * CHART_BINS])
        groups[(int(inside), int(is_after))][0] = Summary(summary.n + int(n), summary.total + float(total or 0),
                                                          summary.squares + float(squares or 0))
        counts[int(bin_index)] += int(n)
    return groups


def _live_sums(session: Session, proposal: Proposal, key: str, starts_week: date,
               region_ids: list[int] | None) -> list[tuple]:
    """(inside, after, bin, count, sum, sum of squares) rows counted from the question's answers (GROUP BY)."""
    after = case((Story.week >= starts_week, 1), else_=0).label("after")
    columns = [after, chart_bin(Answer.number).label("bin"), func.count(), func.sum(Answer.number),
               func.sum(Answer.number * Answer.number)]
    if region_ids is not None:
        columns.insert(0, case((Story.region_id.in_(region_ids), 1), else_=0).label("inside"))
    query = (select(*columns).join(Story, Story.id == Answer.story_id)
             .where(Story.project_id == proposal.project_id, Story.status == StoryStatus.PUBLISHED.value,
                    Answer.question_key == key, Answer.number.is_not(None), Answer.is_na.is_(False),
                    Answer.triad_a.is_(None)))
    if region_ids is not None:  # a story without a region is neither the plan's region nor the rest
        return session.execute(query.where(Story.region_id.is_not(None)).group_by("inside", "after", "bin")).all()
    return [(1, *row) for row in session.execute(query.group_by("after", "bin"))]


def measure_report(session: Session, proposal: Proposal, *, min_group: int, suppress: bool,
                   known: dict[str, dict] | None = None) -> MeasureReport | None:
    """What the stories before and after the plan's start show, per question (None: the proposal has no plan).
    ``known``: :func:`measurable_questions`, when the caller has it already (the staff page shows it as a form)."""
    from analysis.remeasure import Summary, conclusion, difference_in_differences, histogram_spec, period_shift
    from analysis.svg import to_svg

    measure = proposal.measure
    if measure is None:
        return None
    starts_week = monday_of(measure.starts_on)
    region_ids, names = _region_ids(session, proposal, measure)
    min_n = max(MIN_STORIES, min_group)
    known = known if known is not None else measurable_questions(proposal)
    empty = [Summary(0), [0] * CHART_BINS]
    shifts = []
    for item in measure.questions:
        question = known.get(item["key"])
        if question is None:  # the form no longer asks it: nothing to show
            continue
        sums = _sums(session, proposal, item["key"], starts_week, region_ids)
        before, after = sums.get((1, 0), empty), sums.get((1, 1), empty)
        region = period_shift(before[0], after[0], min_n=min_n)
        rest = against = None
        if region_ids is not None:
            rest_before, rest_after = sums.get((0, 0), empty), sums.get((0, 1), empty)
            rest = period_shift(rest_before[0], rest_after[0], min_n=min_n)
            against = difference_in_differences(before[0], after[0], rest_before[0], rest_after[0], min_n=min_n)
        week_text = starts_week.strftime("%d-%m-%Y")
        groups = [("before", f"Voor {week_text}", *before), ("after", f"Vanaf {week_text}", *after)] \
            if region.enough else []
        chart = Markup(to_svg(histogram_spec(question["text"], question["text"], question.get("left"),
                                             question.get("right"), groups, min_group=min_group,
                                             suppress_small=suppress), width=640, height=300)) if groups else Markup("")
        shifts.append(QuestionShift(item["key"], question["text"], item["direction"], region, rest, against,
                                    conclusion(region, item["direction"]), chart))
    return MeasureReport(measure, starts_week, names, shifts, min_n)
