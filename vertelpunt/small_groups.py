"""The small-group rule, read in one place.

Groups of fewer than ``SMALL_GROUP_THRESHOLD`` stories are hidden from everyone but admins: a count of 1-4
or a short list can point at a teller. Every page, card, scan and list asks :func:`threshold` and
:func:`rule_for` instead of reading the setting itself, so one setting changes them all and nothing can
forget it. Outside an application (the analysis library, some tests) the default of
:data:`analysis.disclosure.DEFAULT_THRESHOLD` applies.
"""
from __future__ import annotations

from flask import current_app, has_app_context

from analysis.disclosure import DEFAULT_THRESHOLD
from vertelpunt.accounts.access import may_see_small_groups


def threshold() -> int:
    """The configured threshold: groups with fewer stories than this are small."""
    if not has_app_context():
        return DEFAULT_THRESHOLD
    return int(current_app.config.get("SMALL_GROUP_THRESHOLD", DEFAULT_THRESHOLD))


def rule_for(user) -> dict:
    """``{"min_group", "suppress"}`` for ``user``: pass it on as keyword arguments, or to a template."""
    return {"min_group": threshold(), "suppress": not may_see_small_groups(user)}


__all__ = ["DEFAULT_THRESHOLD", "rule_for", "threshold"]
