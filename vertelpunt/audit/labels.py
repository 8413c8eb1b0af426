"""Dutch words for the audit log: what each stored action means, and its detail as readable lines.

The audit trail stores short English keys ("story.published", {"from": "pending"}) so that queries and
old rows stay stable; an admin reading the log should never see those keys. Every action that
:func:`vertelpunt.audit.services.record` is called with has a description here (a test walks the source
to hold that), and any detail is shown as "Label: waarde" lines, never as raw JSON.
"""
from __future__ import annotations

from typing import Any

from vertelpunt.models import CardStatus, ProposalStatus, SessionStatus, StoryStatus, Verdict
from vertelpunt.models.accounts import USER_ROLE_LABELS

ACTION_LABELS = {
    "card.create": "Observatiekaart gemaakt",
    "card.export": "Observatiekaart geëxporteerd",
    "card.update": "Observatiekaart aangepast",
    "card.publish": "Observatiekaart gepubliceerd",
    "card.unpublish": "Observatiekaart teruggezet naar concept",
    "card.story.add": "Verhaal aan kaart toegevoegd",
    "card.story.remove": "Verhaal van kaart gehaald",
    "card.story.swap": "Verhaal op kaart vervangen",
    "database.backup": "Back-up gemaakt",
    "database.restore": "Back-up teruggezet",
    "database.restore_preview": "Back-up geüpload om terug te zetten",
    "database.maintenance": "Onderhoud uitgevoerd",
    "deck.export": "Kaartenset geëxporteerd",
    "form.publish": "Vragenset gepubliceerd",
    "note.hide": "Briefje verborgen",
    "pattern.mark": "Patroon beoordeeld",
    "patterns.scan": "Patronen gezocht",
    "project.create": "Project aangemaakt",
    "project.privacy": "Privacytekst van project aangepast",
    "project.status": "Projectstatus gewijzigd",
    "project.update": "Project aangepast",
    "proposal.changed": "Voorstel aangepast",
    "proposal.condition_added": "Voorwaarde bij voorstel toegevoegd",
    "proposal.condition_met": "Voorwaarde bij voorstel vervuld",
    "proposal.condition_open": "Voorwaarde bij voorstel weer open",
    "proposal.condition_removed": "Voorwaarde bij voorstel verwijderd",
    "proposal.created": "Voorstel aangemaakt",
    "proposal.measure": "Meting bij voorstel ingesteld",
    "proposal.measure_removed": "Meting bij voorstel verwijderd",
    "proposal.rhythm": "Ritme van voortgangsberichten ingesteld",
    "proposal.status": "Status van voorstel gewijzigd",
    "proposal.task_added": "Taak bij voorstel toegevoegd",
    "proposal.task_done": "Taak bij voorstel afgerond",
    "proposal.task_removed": "Taak bij voorstel verwijderd",
    "proposal.task_reopened": "Taak bij voorstel weer open",
    "proposal.update": "Voortgang bij voorstel gemeld",
    "session.create": "Sessie aangemaakt",
    "session.status": "Sessiestatus gewijzigd",
    "session.update": "Sessie aangepast",
    "stories.export": "Verhalen geëxporteerd",
    "stories.import": "Verhalen geïmporteerd",
    "stories.purge": "Oude verhalen gewist",
    "story.duplicate": "Verhaal als dubbel gemarkeerd",
    "story.hidden": "Verhaal verborgen",
    "story.pending": "Verhaal terug naar beoordelen",
    "story.published": "Verhaal gepubliceerd",
    "story.redact": "Tekst van verhaal aangepast",
    "story.spam": "Verhaal als spam gemarkeerd",
    "themes.run": "Thema's gezocht",
    "user.activate": "Account geactiveerd",
    "user.create": "Account aangemaakt",
    "user.deactivate": "Account gedeactiveerd",
    "user.reset_password": "Wachtwoord opnieuw ingesteld",
    "user.update": "Account aangepast",
}

TARGET_LABELS = {
    "card": "kaart", "database": "database", "form": "vragenset", "note": "briefje", "observation_card": "kaart",
    "pattern_run": "patroonzoektocht", "project": "project", "proposal": "voorstel", "session": "sessie",
    "story": "verhaal", "theme_run": "themazoektocht", "user": "account",
}

DETAIL_LABELS = {
    "cards": "Kaarten", "cluster_id": "Cluster", "condition": "Voorwaarde", "count": "Aantal", "cutoff": "Grens",
    "due_on": "Klaar op", "fields": "Velden", "files": "Bestanden", "form": "Vragenset", "format": "Formaat",
    "from": "Was", "in": "Erbij", "job": "Taak", "kind": "Soort", "moved_projects": "Verplaatste projecten",
    "n": "Aantal verhalen", "n_stories": "Aantal verhalen", "n_topics": "Aantal thema's", "name": "Naam",
    "notable": "Opvallend", "notes": "Briefjes", "older_than": "Ouder dan", "out": "Eraf", "pattern": "Patroon",
    "project": "Project", "proposals_changed": "Gewijzigde voorstellen", "questions": "Vragen", "reason": "Reden",
    "regions": "Regio's", "reminders": "Herinneringen", "remaining_pii": "Nog persoonlijke gegevens",
    "role": "Rol", "rows": "Rijen", "run": "Zoektocht", "session_id": "Sessie",
    "skipped_withdrawn": "Overgeslagen (ingetrokken)",
    "starts_on": "Begint op", "status": "Status", "stories": "Verhalen", "story": "Verhaal", "table_id": "Tafel",
    "task": "Taak", "text": "Tekst", "title": "Titel", "to": "Wordt", "verdict": "Oordeel", "via": "Via",
    "weeks": "Elke zoveel weken", "on": "Op", "changes": "Wijzigingen",
    "old_jobs": "Oude taken verwijderd", "abandoned": "Afgebroken taken", "stale_uploads": "Oude uploads verwijderd",
    "revision": "Schemaversie", "recounted": "Projecten opnieuw geteld",
}

#: Names of changed fields (the "fields" detail of account, project, privacy and card edits).
FIELD_WORDS = {
    "title": "titel", "intro": "introductie", "regions": "regio's", "role": "rol", "observation": "observatie",
    "interpretation_a": "uitleg A", "interpretation_b": "uitleg B", "controller": "verwerkingsverantwoordelijke",
    "contact": "contactadres", "dpo": "functionaris gegevensbescherming", "retention": "bewaartermijn",
}

_VALUE_WORDS = {
    "browser": "browser", "cli": "opdrachtregel", "beheer": "Beheer in de browser",
    **{key: label.lower() for key, label in StoryStatus.labels().items()},
    **{key: label.lower() for key, label in CardStatus.labels().items()},
    **{key: label.lower() for key, label in SessionStatus.labels().items()},
    **{key: label.lower() for key, label in ProposalStatus.labels().items()},
    **{key: label.lower() for key, label in Verdict.labels().items()},
}


def actor_label(actor: str | None) -> str:
    """Who did it: a staff e-mail address, or the command line on the server (stored as "cli")."""
    return "opdrachtregel (op de server)" if actor in (None, "cli") else actor


def action_label(action: str) -> str:
    """The Dutch description of a stored action; an unknown one (an old row) is named, not shown raw."""
    return ACTION_LABELS.get(action, f"Andere handeling ({action})")


def target_label(target_type: str | None, target_id: str | None) -> str:
    """What the action was about, in Dutch: "verhaal AB12CD", "kaart 4"."""
    word = TARGET_LABELS.get(target_type or "", target_type or "")
    return f"{word} {target_id}" if target_id else word


def detail_lines(detail: dict[str, Any] | None) -> list[str]:
    """The detail of an event as "Label: waarde" lines in Dutch, in the order they were stored."""
    if not detail:
        return []
    if not isinstance(detail, dict):
        return [_value(None, detail)]
    lines = []
    for key, value in detail.items():
        if key == "changes" and isinstance(value, dict):
            lines.extend(_change_lines(value))
            continue
        lines.append(f"{DETAIL_LABELS.get(key, key.replace('_', ' ').capitalize())}: {_value(key, value)}")
    return lines


def _change_lines(changes: dict[str, Any]) -> list[str]:
    from vertelpunt.proposals.history import FIELD_LABELS  # the proposal form's own words for its fields

    lines = []
    for name, pair in sorted(changes.items()):
        old, new = pair if isinstance(pair, (list, tuple)) and len(pair) == 2 else (None, pair)
        lines.append(f"{FIELD_LABELS.get(name, name)}: {_value(name, old)} → {_value(name, new)}")
    return lines


def _value(key: str | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(leeg)"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if isinstance(value, dict):
        return "; ".join(f"{DETAIL_LABELS.get(k, k)}: {_value(k, v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(key, item) for item in value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    text = str(value)
    if key == "role":
        return USER_ROLE_LABELS.get(text, text)
    if key == "pattern":
        return text.replace("|", " × ")
    if key == "fields":
        return FIELD_WORDS.get(text, text)
    if key == "remaining_pii":
        from vertelpunt.moderate.pii import KIND_WORDS

        return KIND_WORDS.get(text, text)
    if key in ("status", "from", "to", "via", "verdict"):
        return _VALUE_WORDS.get(text, text)
    return text
