"""The start page's project counts never show a small group to non-admins, nor one that a subtraction gives."""
from __future__ import annotations

from vertelpunt.projects.services import ProjectSummary
from vertelpunt.staff.project_counts import shown_counts


def _summary(published, pending, other=0, complete=None):
    total = published + pending + other
    return ProjectSummary(project=None, total=total, by_status={"published": published, "pending": pending,
                                                                "hidden": other},
                          complete=total if complete is None else complete)


def test_a_small_project_shows_no_numbers_to_a_viewer_but_all_to_an_admin():
    assert shown_counts(_summary(1, 2), 5, True) == dict.fromkeys(("total", "published", "pending", "complete"))
    assert shown_counts(_summary(1, 2), 5, False)["total"] == 3


def test_a_part_that_leaves_a_small_rest_is_hidden():
    shown = shown_counts(_summary(9, 2, complete=6), 5, True)
    assert shown == {"total": 11, "published": None, "pending": None, "complete": 6}
    shown = shown_counts(_summary(20, 6, other=2), 5, True)  # 20 + 6 shown would give the 2 others away
    assert shown["published"] == 20 and shown["pending"] is None


def test_a_rest_of_nothing_is_shown():
    assert shown_counts(_summary(12, 0), 5, True) == {"total": 12, "published": 12, "pending": None, "complete": 12}
