"""One family per project: what a scan adds beyond its own statistics.

- **Expected links**: question pairs the form relates on purpose (``expected:`` in the form file) or that an
  analyst judged "verwacht" in an earlier scan of the project. They are listed apart from the findings and
  are not tests in the project's stream: they are known, not discoveries.
- **Power**: the smallest effect each kind of comparison could find at the scan's n (analysis.power), at
  the per-test level a lone pattern needs under Benjamini-Hochberg (alpha / number of tests), and the n
  under which even a medium effect would go unseen.
- **Online FDR**: every other tested pattern of every scan of the project is one test in a LORD++ stream
  (analysis.online_fdr). The state is a row per project (ProjectFdrState), locked while a scan takes its
  levels, so two scans at once never share a position and scanning again with other filters spends the
  same budget instead of starting a fresh one.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.effects import STRENGTH_BARS
from analysis.online_fdr import LordState, OnlineResult, lord_plus_plus
from analysis.patterns import EFFECT_CLASSES, Pattern, ScanResult
from vertelpunt.db import dialect_insert
from vertelpunt.models import ExpectedLink, PatternRun, Project, ProjectFdrState

POWER = 0.8
MEDIUM_STRENGTH = STRENGTH_BARS[1]  # Cohen's "medium" on the strength scale (r-equivalent), for every test
FORM_SOURCE, ANALYST_SOURCE = "vragenset", "analist"


def pattern_key(pattern: Pattern) -> str:
    return f"{pattern.a}|{pattern.b}"


def question_pair(pattern: Pattern) -> tuple[str, str]:
    return tuple(sorted((pattern.question_a, pattern.question_b)))


def expected_pairs(session: Session, project: Project) -> list[dict]:
    """The project's expected question pairs now: the form's, then the analysts' (``source`` says which)."""
    pairs = {tuple(sorted(pair)): {"pair": sorted(pair), "source": FORM_SOURCE}
             for pair in (project.form.expected or [])}
    links = session.scalars(select(ExpectedLink).where(ExpectedLink.project_id == project.id)
                            .order_by(ExpectedLink.question_a, ExpectedLink.question_b))
    for link in links:
        pairs.setdefault((link.question_a, link.question_b),
                         {"pair": [link.question_a, link.question_b], "source": ANALYST_SOURCE,
                          "run": link.run_id})
    return list(pairs.values())


def remember_verdict(session: Session, run: PatternRun, pattern: Pattern, verdict: str, actor: str) -> None:
    """Carry a "verwacht" verdict to later scans of the project; any other verdict on the pair withdraws it."""
    first, second = question_pair(pattern)
    link = session.scalar(select(ExpectedLink).where(
        ExpectedLink.project_id == run.project_id, ExpectedLink.question_a == first, ExpectedLink.question_b == second))
    if verdict == "verwacht" and link is None:
        session.add(ExpectedLink(project_id=run.project_id, question_a=first, question_b=second, run_id=run.id,
                                 marked_by=actor))
    elif verdict != "verwacht" and link is not None:
        session.delete(link)
    session.flush()


def power_summary(result: ScanResult) -> dict:
    """Smallest detectable effects at the scan's n, and the n below which a medium effect goes unseen."""
    from analysis.power import detectable_effects, minimum_n  # scipy: loaded when a scan runs, not at start-up

    tests = max(1, result.tested)
    alpha = result.options.alpha / tests
    needed = minimum_n(alpha, MEDIUM_STRENGTH, POWER)
    return {"alpha": result.options.alpha, "tests": result.tested, "alpha_per_test": alpha, "power": POWER,
            "n": result.n_stories, "medium": MEDIUM_STRENGTH,
            "effects": [d.to_dict() for d in detectable_effects(max(result.n_stories, 8), alpha, POWER)],
            "minimum_n": needed, "too_few": result.n_stories < needed}


def lock_state(session: Session, project_id: int, alpha: float) -> ProjectFdrState:
    """The project's LORD++ state row, created when missing and locked until the transaction ends.

    PostgreSQL: INSERT ... ON CONFLICT DO NOTHING, then SELECT ... FOR UPDATE (a second scan waits here).
    SQLite ignores FOR UPDATE; the INSERT is its lock: it is the transaction's first write, which takes the
    engine's write lock (vertelpunt/db.py) and SQLite's own, so a second scan waits at it until the first
    commits and then reads the state that scan left.
    """
    session.execute(dialect_insert(session, ProjectFdrState.__table__).values(
        project_id=project_id, alpha=alpha, w0=alpha / 2, tests=0, rejections=[], spent=0.0, scans=0,
    ).on_conflict_do_nothing(index_elements=["project_id"]))
    return session.scalars(select(ProjectFdrState).where(ProjectFdrState.project_id == project_id)
                           .with_for_update().execution_options(populate_existing=True)).one()


def advance(session: Session, state: ProjectFdrState, pvalues: list[float]) -> OnlineResult:
    """Test ``pvalues`` as the next part of the project's stream and store the new state (flushed)."""
    before = LordState(state.alpha, state.w0, state.tests, tuple(state.rejections), state.spent)
    outcome = lord_plus_plus(pvalues, before)
    state.tests, state.rejections, state.spent = outcome.state.tests, list(outcome.state.rejections), outcome.state.spent
    state.scans += 1
    session.flush()
    return outcome


def take_levels(session: Session, project_id: int, alpha: float, pvalues: list[float]) -> tuple[OnlineResult, ProjectFdrState]:
    state = lock_state(session, project_id, alpha)
    return advance(session, state, pvalues), state


def judge_online(session: Session, project: Project, result: ScanResult, expected: list[dict]) -> dict:
    """The project-wide verdict on each pattern of ``result`` that is not an expected link.

    The patterns enter the stream in the order of their keys, which does not depend on their p-values
    (LORD++ needs that). A pattern is notable project-wide when LORD++ rejects it and its effect reaches at
    least "small", the same bar as within the scan.
    """
    pairs = {tuple(item["pair"]) for item in expected}
    tested = sorted((p for p in result.patterns if question_pair(p) not in pairs), key=pattern_key)
    outcome, state = take_levels(session, project.id, result.options.alpha, [p.pvalue for p in tested])
    patterns = {}
    for pattern, position, level, rejected in zip(tested, outcome.positions, outcome.levels, outcome.rejected):
        patterns[pattern_key(pattern)] = {
            "position": int(position), "level": float(level), "rejected": bool(rejected),
            "notable": bool(rejected and pattern.effect_class != EFFECT_CLASSES[0])}
    return {"procedure": "LORD++", "alpha": state.alpha, "w0": state.w0, "scan": state.scans,
            "tests_before": int(outcome.positions[0] - 1) if len(tested) else state.tests,
            "tests": len(tested), "discoveries": int(outcome.rejected.sum()),
            "wealth": outcome.state.wealth, "patterns": patterns}


def attach_family(session: Session, run: PatternRun, project: Project, result: ScanResult) -> None:
    """Fill the run's expected links, power and project-wide verdicts (call just before the run is flushed:
    from here on the project's state row stays locked until the caller commits)."""
    expected = expected_pairs(session, project)
    run.expected = expected
    run.power = power_summary(result)
    run.online = judge_online(session, project, result, expected)
