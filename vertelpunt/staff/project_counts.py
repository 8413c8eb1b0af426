"""The start page's counts per project, as a viewer or analyst may see them (n < 5 never shown to non-admins).

The four numbers (stories, published, waiting, complete) are one group and its parts, so a part is hidden not
only when it is small but also when what it leaves over is: "7 verhalen, 5 gepubliceerd" tells that two wait.
A remainder of 0 is shown (it holds nobody).
"""
from __future__ import annotations

from vertelpunt.projects.services import ProjectSummary


def _fine(part: int, rest: int, min_group: int) -> bool:
    return part >= min_group and (rest == 0 or rest >= min_group)


def shown_counts(summary: ProjectSummary, min_group: int, suppress: bool) -> dict[str, int | None]:
    """``{"total", "published", "pending", "complete"}``: the count, or None where it stays hidden."""
    total, published, pending, complete = summary.total, summary.published, summary.pending, summary.complete
    counts = {"total": total, "published": published, "pending": pending, "complete": complete}
    if not suppress:
        return counts
    if total < min_group:
        return dict.fromkeys(counts)
    shown: dict[str, int | None] = {"total": total}
    shown["published"] = published if _fine(published, total - published, min_group) else None
    pending_fine = _fine(pending, total - pending, min_group)
    if pending_fine and shown["published"] is not None:  # together they leave the other statuses over
        pending_fine = _fine(pending, total - published - pending, min_group) or total - published - pending == 0
    shown["pending"] = pending if pending_fine else None
    shown["complete"] = complete if _fine(complete, total - complete, min_group) else None
    return shown
