"""What an uploaded form file would change: every question of it, and the difference with the stored version.

Used by the upload page (/beheer/vragensets) before anything is stored: the person publishing sees the
questions and what was added, removed or changed against the current version, then confirms. Pure functions
over normalised definitions (vertelpunt/forms/schema.py), so the same preview can be tested without a database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vertelpunt.forms.files import parse_form_text
from vertelpunt.forms.loader import FormSyntaxError

#: A form file is a few dozen kilobytes; anything much larger is a mistake (or an attack on the parser).
MAX_FORM_BYTES = 256 * 1024
#: Fields compared per question; options are compared on their own so the page can name them.
COMPARED_FIELDS = ("type", "text", "help", "section", "roles", "left", "right", "allow_na", "ordered",
                   "max_choices", "max_length", "off_scale", "text_by_role")
#: The preview names a changed field in Dutch, the form file's key beside it (the admin writes that key).
FIELD_WORDS = {
    "type": "soort vraag", "text": "vraagtekst", "help": "uitleg", "section": "onderdeel", "roles": "rollen",
    "left": "linkerkant", "right": "rechterkant", "allow_na": "n.v.t. mag", "ordered": "volgorde",
    "max_choices": "hoogstens keuzes", "max_length": "hoogstens tekens", "off_scale": "buiten de schaal",
    "text_by_role": "vraagtekst per rol",
}
#: The question types in Dutch, for the preview's list of questions.
TYPE_WORDS = {"slider": "schuifregelaar", "single_choice": "één keuze", "multi_choice": "meer keuzes",
              "triad": "driehoek", "text": "open tekst", "place": "gemeente"}


@dataclass(frozen=True)
class QuestionChange:
    key: str
    fields: tuple[str, ...] = ()
    options_added: tuple[str, ...] = ()
    options_removed: tuple[str, ...] = ()
    options_relabelled: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormDiff:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[QuestionChange, ...] = ()
    other: tuple[str, ...] = field(default_factory=tuple)  # title, completeness, roles

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.other)


#: The kinds of form file the upload page takes: Vertelpunt's own, and NarraFirma's story-form CSV.
FILE_KINDS = {"vertelpunt": "Vertelpunt-vragenset (YAML of JSON)", "narrafirma": "NarraFirma-vragenset (CSV)"}


def _upload_text(data: bytes, kind: str) -> str:
    what = "een CSV-bestand" if kind == "narrafirma" else "YAML of JSON"
    if len(data) > MAX_FORM_BYTES:
        raise FormSyntaxError(f"Het bestand is te groot: een vragenset is hoogstens {MAX_FORM_BYTES // 1024} kB.")
    if not data.strip():
        raise FormSyntaxError("Het bestand is leeg.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormSyntaxError(f"Het bestand is geen UTF-8-tekst. Sla het op als {what} in UTF-8.") from None
    if "\x00" in text:
        raise FormSyntaxError(f"Het bestand bevat binaire gegevens; kies {what}.")
    return text


def decode_upload(data: bytes) -> dict:
    """The normalised definition of an uploaded file, or a FormSyntaxError/FormValidationError in Dutch."""
    return parse_form_text(_upload_text(data, "vertelpunt"))


def read_upload(data: bytes, kind: str = "vertelpunt", key: str = "") -> tuple[dict, list[str]]:
    """The definition of an uploaded file of either kind, and what it holds that Vertelpunt cannot keep.

    A NarraFirma story-form CSV goes through the same reader as ``vertelpunt forms import --format
    narrafirma`` (vertelpunt/forms/narrafirma.py), with ``key`` as its form key (empty: made from its title).
    Raises a VertelpuntError in Dutch; nothing touches the database."""
    if kind not in FILE_KINDS:
        raise FormSyntaxError("Kies wat voor bestand het is: een vragenset van Vertelpunt of van NarraFirma.")
    if kind == "vertelpunt":
        if key:
            raise FormSyntaxError("Een sleutel geef je alleen bij een NarraFirma-vragenset; in een YAML- of "
                                  "JSON-bestand staat de sleutel zelf. Maak het veld leeg.")
        return decode_upload(data), []
    from vertelpunt.forms.narrafirma import parse_narrafirma_form

    definition, report = parse_narrafirma_form(_upload_text(data, kind), key=key or None)
    return definition, report.lines()


def questions_of(definition: dict) -> dict[str, dict]:
    return {q["key"]: q for module in definition["modules"] for q in module["questions"]}


def _choices(question: dict) -> dict[str, str]:
    for name in ("options", "corners", "choices", "items"):
        if isinstance(question.get(name), list):
            return {o["key"]: o["label"] for o in question[name] if isinstance(o, dict) and "key" in o}
    return {}


def diff_definitions(current: dict | None, new: dict) -> FormDiff:
    """What ``new`` changes against ``current`` (``None``: a form key that does not exist yet)."""
    new_questions = questions_of(new)
    if current is None:
        return FormDiff(added=tuple(new_questions))
    old_questions = questions_of(current)
    changed = []
    for key, question in new_questions.items():
        old = old_questions.get(key)
        if old is None:
            continue
        fields = tuple(name for name in COMPARED_FIELDS if old.get(name) != question.get(name))
        old_options, new_options = _choices(old), _choices(question)
        change = QuestionChange(
            key=key, fields=fields,
            options_added=tuple(k for k in new_options if k not in old_options),
            options_removed=tuple(k for k in old_options if k not in new_options),
            options_relabelled=tuple(k for k in new_options if k in old_options and old_options[k] != new_options[k]),
        )
        if change.fields or change.options_added or change.options_removed or change.options_relabelled:
            changed.append(change)
    other = tuple(label for label, name in (("titel", "title"), ("volledigheidsregel", "completeness"),
                                             ("rollen en openingsvragen", "roles"), ("verwachte verbanden", "expected"))
                  if current.get(name) != new.get(name))
    return FormDiff(
        added=tuple(k for k in new_questions if k not in old_questions),
        removed=tuple(k for k in old_questions if k not in new_questions),
        changed=tuple(changed), other=other,
    )


class StalePreviewError(FormSyntaxError):
    """The stored form changed between the preview and the confirmation."""


def publish(session, definition: dict, seen_version: int | None, user=None):
    """Store the previewed definition as the next version, if the version the preview was made against is
    still the latest (two admins publishing at once must each see what they really replace)."""
    from vertelpunt.audit.services import record
    from vertelpunt.forms.services import import_definition, latest_form

    current = latest_form(session, definition["key"])
    if (current.version if current is not None else None) != seen_version:
        raise StalePreviewError("Er is intussen een nieuwere versie opgeslagen. Upload het bestand opnieuw en "
                                "bekijk de verschillen met die versie.")
    outcome = import_definition(session, definition)
    if outcome.created:
        record(session, "form.publish", "form", f"{outcome.form.key} v{outcome.form.version}", user,
               {"moved_projects": list(outcome.moved_projects)})
    return outcome
