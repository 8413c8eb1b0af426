"""Validate a parsed form file and turn it into a normalised definition (all defaults filled in).

The normalised definition is a plain dict in the shape of docs/form-format.md. It is what gets hashed
(to detect changed content), stored, exported and handed to the analysis library.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from vertelpunt.forms.question_types import REGISTRY, type_names
from vertelpunt.forms.translations import read_translations
from vertelpunt.errors import VertelpuntError

FORMAT_NAME = "vertelpunt-form/1"
FORM_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$")
ITEM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
ROLE_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
SECTIONS = ("duiding", "teller", "sharing")

TOP_FIELDS = {"format", "key", "title", "language", "completeness", "roles", "modules", "expected", "narrafirma",
              "translations"}
STORY_COLUMNS = ("role", "region", "period")  # analysable without a question: who told, where, when
ROLE_FIELDS = {"key", "label", "prompts", "translations"}
PROMPT_FIELDS = {"key", "text", "translations"}
MODULE_FIELDS = {"key", "title", "core", "questions"}
OPTION_FIELDS = {"key", "label", "translations"}
COMMON_QUESTION_FIELDS = {"key", "type", "section", "text", "text_by_role", "help", "roles", "translations"}
#: The form-file fields of each type beyond the common ones (owned by the type's class).
FIELDS_BY_TYPE = {name: set(kind.definition_fields) for name, kind in REGISTRY.items()}


@dataclass(frozen=True)
class FormProblem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"regel {self.line}, " if self.line else ""
        return f"{where}{self.path or 'bestand'}: {self.message}"


class FormValidationError(VertelpuntError):
    """The file is readable but not a valid form; ``problems`` lists every problem found."""

    listing_heading = "De vragenset is niet geldig:"
    listing_limit = 20


class _Checker:
    """Walks the raw document, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[FormProblem] = []

    def fail(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(FormProblem(path, line, message))

    @staticmethod
    def line_of(container, key) -> int | None:
        if isinstance(container, dict):
            return getattr(container, "value_lines", {}).get(key, getattr(container, "line", None))
        if isinstance(container, list):
            lines = getattr(container, "item_lines", None)
            if lines and isinstance(key, int) and key < len(lines):
                return lines[key]
            return getattr(container, "line", None)
        return None

    def mapping(self, value, path: str, line: int | None, allowed: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, line, "verwacht een lijst van velden (mapping)")
            return None
        for extra in sorted(set(map(str, value)) - allowed):
            self.fail(f"{path}.{extra}" if path else extra, self.line_of(value, extra), "onbekend veld")
        return value

    def text(self, container: dict, field: str, path: str, required=True, max_length=2000) -> str | None:
        value = container.get(field)
        where = f"{path}.{field}" if path else field
        if value is None:
            if required:
                self.fail(where, getattr(container, "line", None), "ontbreekt")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(where, self.line_of(container, field), "moet tekst zijn")
            return None
        if len(value) > max_length:
            self.fail(where, self.line_of(container, field), f"is langer dan {max_length} tekens")
        return value.strip()

    def key(self, container: dict, path: str, pattern: re.Pattern, what: str) -> str | None:
        value = self.text(container, "key", path, max_length=60)
        if value is not None and not pattern.match(value):
            self.fail(f"{path}.key", self.line_of(container, "key"), f"'{value}' is geen geldige {what}")
            return None
        return value

    def boolean(self, container: dict, field: str, path: str, default: bool) -> bool:
        value = container.get(field, default)
        if not isinstance(value, bool):
            self.fail(f"{path}.{field}", self.line_of(container, field), "moet true of false zijn")
            return default
        return value

    def integer(self, container: dict, field: str, path: str, default, low: int, high: int):
        value = container.get(field, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{path}.{field}", self.line_of(container, field), f"moet een geheel getal van {low} t/m {high} zijn")
            return default
        return value

    def sequence(self, container: dict, field: str, path: str, minimum: int = 1) -> list:
        value = container.get(field)
        where = f"{path}.{field}" if path else field
        if value is None:
            self.fail(where, getattr(container, "line", None), "ontbreekt")
            return []
        if not isinstance(value, list):
            self.fail(where, self.line_of(container, field), "moet een lijst zijn")
            return []
        if len(value) < minimum:
            self.fail(where, self.line_of(container, field), f"moet minstens {minimum} onderdelen hebben")
        return value

    def keyed_items(self, container: dict, field: str, path: str, allowed: set[str], pattern: re.Pattern,
                    what: str, duplicate: str, minimum: int = 1, maximum: int | None = None):
        """The mappings in the list ``container[field]`` with their checked keys, as (path, item, key).

        Every list of keyed things in a form file (roles, prompts, modules, options) is checked alike;
        ``duplicate`` is the message for a key that came before, with ``{}`` for the key."""
        items = self.sequence(container, field, path, minimum)
        where = f"{path}.{field}" if path else field
        if maximum is not None and len(items) > maximum:
            self.fail(where, self.line_of(container, field),
                      f"mag hoogstens {maximum} onderdelen hebben" if minimum != maximum else f"moet precies {maximum} onderdelen hebben")
        seen = set()
        for index, raw in enumerate(items):
            item_path = f"{where}[{index}]"
            item = self.mapping(raw, item_path, self.line_of(items, index), allowed)
            if item is None:
                continue
            key = self.key(item, item_path, pattern, what)
            if key in seen:
                self.fail(f"{item_path}.key", self.line_of(item, "key"), duplicate.format(key))
            seen.add(key)
            yield item_path, item, key

    def options(self, raw: dict, field: str, path: str, minimum: int, maximum: int) -> list[dict]:
        """A list of ``{key, label}`` items (choice options, triad corners) with unique keys."""
        return [{"key": key, "label": self.text(option, "label", o_path, max_length=200)}
                for o_path, option, key in self.keyed_items(raw, field, path, OPTION_FIELDS, ITEM_KEY, "optie-sleutel",
                                                           "de optie '{}' staat er al", minimum, maximum)]


def normalise(document) -> dict:
    """Validate ``document`` (parsed YAML/JSON) and return the normalised definition.

    Raises :class:`FormValidationError` listing every problem with its path and line.
    """
    check = _Checker()
    top = check.mapping(document, "", getattr(document, "line", 1), TOP_FIELDS)
    if top is None:
        raise FormValidationError.listing(check.problems)
    if top.get("format") != FORMAT_NAME:
        check.fail("format", check.line_of(top, "format"), f"moet '{FORMAT_NAME}' zijn")
    definition = {
        "format": FORMAT_NAME,
        "key": check.key(top, "", FORM_KEY, "vragenset-sleutel (kleine letters, cijfers, '-')"),
        "title": check.text(top, "title", "", max_length=200),
        "language": check.text(top, "language", "", required=False, max_length=8) or "nl",
    }
    roles = _roles(check, top)
    role_keys = {role["key"] for role in roles}
    modules = _modules(check, top, role_keys)
    duiding_count = sum(
        1 for module in modules for question in module["questions"] if question["section"] == "duiding"
    )
    definition["completeness"] = _completeness(check, top, duiding_count)
    definition["roles"] = roles
    definition["modules"] = modules
    places = [q["key"] for m in modules for q in m["questions"] if REGISTRY[q["type"]].lives_on_story]
    if len(places) > 1:
        check.fail("modules", check.line_of(top, "modules"), "er mag maar één vraag van het type 'place' zijn")
    expected = _expected(check, top, modules)
    if expected:  # left out when empty, so forms without it keep their content hash
        definition["expected"] = expected
    exchange = top.get("narrafirma")
    if exchange is not None:  # how to read NarraFirma's stories file (forms/narrafirma.py); left out when absent
        if isinstance(exchange, dict):
            definition["narrafirma"] = json.loads(json.dumps(exchange))
        else:
            check.fail("narrafirma", check.line_of(top, "narrafirma"), "moet een lijst van velden (mapping) zijn")
    translations = read_translations(check, top, definition)
    if translations:  # left out when there are none, so Dutch-only forms keep their content hash
        definition["translations"] = translations
    if check.problems:
        raise FormValidationError.listing(check.problems)
    return definition


def _expected(check: _Checker, top: dict, modules: list[dict]) -> list[list[str]]:
    """Relations the form makes on purpose (``expected: [[outcome, feeling]]``): the scan lists them apart
    from its findings. Each is a pair of question keys (or role, region, period), stored sorted."""
    raw = top.get("expected")
    if raw is None:
        return []
    if not isinstance(raw, list):
        check.fail("expected", check.line_of(top, "expected"), "moet een lijst van vraagparen zijn")
        return []
    known = {q["key"] for m in modules for q in m["questions"] if q["type"] != "text"} | set(STORY_COLUMNS)
    pairs = []
    for index, item in enumerate(raw):
        where, line = f"expected[{index}]", check.line_of(raw, index)
        if not isinstance(item, list) or len(item) != 2 or not all(isinstance(k, str) for k in item):
            check.fail(where, line, "moet een paar van twee vraag-sleutels zijn, zoals [outcome, feeling]")
            continue
        unknown = [key for key in item if key not in known]
        if unknown:
            check.fail(where, line, f"onbekende vraag '{unknown[0]}' (tekstvragen worden niet geanalyseerd)")
        elif item[0] == item[1]:
            check.fail(where, line, "noemt twee keer dezelfde vraag")
        elif sorted(item) in pairs:
            check.fail(where, line, f"het paar {item[0]} x {item[1]} staat er al")
        else:
            pairs.append(sorted(item))
    return pairs


def _completeness(check: _Checker, top: dict, duiding_count: int) -> dict:
    raw = top.get("completeness", {})
    rules = check.mapping(raw, "completeness", check.line_of(top, "completeness"), {"min_words", "first_questions"})
    if rules is None:
        return {"min_words": 25, "first_questions": 5}
    min_words = check.integer(rules, "min_words", "completeness", 25, 0, 1000)
    first = check.integer(rules, "first_questions", "completeness", min(5, duiding_count), 0, 100)
    if first is not None and first > duiding_count:
        check.fail(
            "completeness.first_questions",
            check.line_of(rules, "first_questions"),
            f"is {first}, maar er zijn maar {duiding_count} duidingsvragen",
        )
    return {"min_words": min_words, "first_questions": first}


def _roles(check: _Checker, top: dict) -> list[dict]:
    roles = []
    for path, role, key in check.keyed_items(top, "roles", "", ROLE_FIELDS, ROLE_KEY, "rol-sleutel", "de rol '{}' staat er al"):
        prompts = [{"key": p_key, "text": check.text(prompt, "text", p_path, max_length=2000)}
                   for p_path, prompt, p_key in check.keyed_items(role, "prompts", path, PROMPT_FIELDS, ITEM_KEY,
                                                                  "vraag-sleutel", "'{}' staat er al")]
        roles.append({"key": key, "label": check.text(role, "label", path, max_length=200), "prompts": prompts})
    return roles


def _modules(check: _Checker, top: dict, role_keys: set[str]) -> list[dict]:
    modules, question_keys = [], set()
    for path, module, key in check.keyed_items(top, "modules", "", MODULE_FIELDS, FORM_KEY, "module-sleutel",
                                               "de module '{}' staat er al"):
        questions = []
        raw_questions = check.sequence(module, "questions", path)
        for q_index, raw_question in enumerate(raw_questions):
            q_path = f"{path}.questions[{q_index}]"
            question = _question(check, raw_question, q_path, check.line_of(raw_questions, q_index), role_keys)
            if question is None:
                continue
            if question["key"] in question_keys:
                check.fail(f"{q_path}.key", check.line_of(raw_question, "key"), f"de vraag '{question['key']}' staat er al")
            question_keys.add(question["key"])
            questions.append(question)
        modules.append({
            "key": key,
            "title": check.text(module, "title", path, max_length=200),
            "core": check.boolean(module, "core", path, False),
            "questions": questions,
        })
    return modules


def _question(check: _Checker, raw, path: str, line: int | None, role_keys: set[str]) -> dict | None:
    if not isinstance(raw, dict):
        check.fail(path, line, "verwacht een vraag (mapping)")
        return None
    qtype = raw.get("type")
    if not isinstance(qtype, str) or qtype not in REGISTRY:
        check.fail(f"{path}.type", check.line_of(raw, "type") if "type" in raw else line,
                   f"moet een van {', '.join(type_names())} zijn")
        return None
    kind = REGISTRY[qtype]
    raw = check.mapping(raw, path, line, COMMON_QUESTION_FIELDS | kind.definition_fields)
    section = raw.get("section", "duiding")
    if section not in SECTIONS:
        check.fail(f"{path}.section", check.line_of(raw, "section"), f"moet een van {', '.join(SECTIONS)} zijn")
    question = {
        "key": check.key(raw, path, ITEM_KEY, "vraag-sleutel (kleine letters, cijfers, '_')"),
        "type": qtype,
        "section": section,
        "text": check.text(raw, "text", path, max_length=1000),
        "help": check.text(raw, "help", path, required=False, max_length=2000),
        "roles": _role_list(check, raw, path, role_keys),
        "text_by_role": _text_by_role(check, raw, path, role_keys),
    }
    question.update(kind.read_definition(check, raw, path))
    return question


def _role_list(check: _Checker, raw: dict, path: str, role_keys: set[str]) -> list[str] | None:
    value = raw.get("roles")
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        check.fail(f"{path}.roles", check.line_of(raw, "roles"), "moet een lijst van rol-sleutels zijn")
        return None
    for role in value:
        if role not in role_keys:
            check.fail(f"{path}.roles", check.line_of(raw, "roles"), f"onbekende rol '{role}'")
    return list(value)


def _text_by_role(check: _Checker, raw: dict, path: str, role_keys: set[str]) -> dict | None:
    value = raw.get("text_by_role")
    if value is None:
        return None
    if not isinstance(value, dict):
        check.fail(f"{path}.text_by_role", check.line_of(raw, "text_by_role"), "moet per rol een tekst geven")
        return None
    result = {}
    for role, text in value.items():
        if role not in role_keys:
            check.fail(f"{path}.text_by_role.{role}", check.line_of(value, role), f"onbekende rol '{role}'")
        elif not isinstance(text, str) or not text.strip():
            check.fail(f"{path}.text_by_role.{role}", check.line_of(value, role), "moet tekst zijn")
        else:
            result[role] = text.strip()
    return result
