"""The form's texts in other languages: reading them from a form file, saying which are missing, and
the snapshot of a form as a teller in that language reads it.

A form file is written in one language (``language:``, Dutch for the default form). Every item a teller
reads carries its other languages in a ``translations:`` block beside the texts it translates
(docs/form-format.md): a role's label, a prompt's text, a question's text, help, poles and text per role,
an option's or corner's label. The normalised definition gathers them in one top-level ``translations``
map (language -> roles / questions -> texts), left out when the file has none, so the modules' content
(and with it the hash that makes them shared) does not change with a translation: a question is the same
question in every language, and its answers pool by key.

A missing translation falls back to the text in the form's own language; :func:`missing_translations`
lists what falls back, for the import report. The module imports only the standard library.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
#: The translatable fields of each kind of item in a form file.
TOP_TEXTS = ("title",)
ROLE_TEXTS = ("label",)
PROMPT_TEXTS = ("text",)
QUESTION_TEXTS = ("text", "help", "left", "right", "text_by_role")
OPTION_TEXTS = ("label",)


def _block(check, item: dict, path: str, allowed: tuple[str, ...], form_language: str) -> dict[str, dict]:
    """The ``translations:`` block of one item: language -> {field: text} (texts checked like the originals)."""
    raw = item.get("translations") if isinstance(item, dict) else None
    if raw is None:
        return {}
    where = f"{path}.translations" if path else "translations"
    if not isinstance(raw, dict):
        check.fail(where, check.line_of(item, "translations"), "moet per taal de vertaalde teksten geven")
        return {}
    found = {}
    for language, texts in raw.items():
        l_path = f"{where}.{language}"
        if not isinstance(language, str) or not LANGUAGE_CODE.match(language):
            check.fail(l_path, check.line_of(raw, language), "is geen taalcode (twee of drie kleine letters, zoals en)")
            continue
        if language == form_language:
            check.fail(l_path, check.line_of(raw, language), f"is de taal van de vragenset zelf ({form_language})")
            continue
        if isinstance(texts, str) and len(allowed) == 1:  # the short form: `translations: {en: Happy}`
            texts = {allowed[0]: texts}
        fields = check.mapping(texts, l_path, check.line_of(raw, language), set(allowed))
        if fields is None:
            continue
        chosen = {}
        for name in allowed:
            if name not in fields:
                continue
            if name == "text_by_role":
                value = fields[name]
                if isinstance(value, dict) and all(isinstance(t, str) and t.strip() for t in value.values()):
                    chosen[name] = {str(role): text.strip() for role, text in value.items()}
                else:
                    check.fail(f"{l_path}.text_by_role", check.line_of(fields, name), "moet per rol een tekst geven")
                continue
            text = check.text(fields, name, l_path, required=False, max_length=2000)
            if text is not None:
                chosen[name] = text
        if chosen:
            found[language] = chosen
    return found


def read_translations(check, top: dict, definition: dict) -> dict:
    """The translations of a raw form document, normalised (see the module docstring); {} when there are none.

    ``definition`` is the normalised rest of the form: a translation of a role, prompt, question or option
    that it does not have is a problem, so is a translated text the original lacks (a pole of a choice)."""
    language = definition.get("language") or "nl"
    result: dict[str, dict] = {}

    def put(lang: str, *where_and_texts):
        *where, texts = where_and_texts
        node = result.setdefault(lang, {})
        for part in where:
            node = node.setdefault(part, {})
        node.update(texts)

    for lang, texts in _block(check, top, "", TOP_TEXTS, language).items():
        result.setdefault(lang, {}).update(texts)
    roles = {role["key"]: role for role in definition.get("roles", [])}
    for r_index, raw_role in enumerate(_items(top.get("roles"))):
        r_path = f"roles[{r_index}]"
        role_key = raw_role.get("key")
        for lang, texts in _block(check, raw_role, r_path, ROLE_TEXTS, language).items():
            put(lang, "roles", role_key, texts)
        prompts = {p["key"] for p in roles.get(role_key, {}).get("prompts", [])}
        for p_index, raw_prompt in enumerate(_items(raw_role.get("prompts"))):
            for lang, texts in _block(check, raw_prompt, f"{r_path}.prompts[{p_index}]", PROMPT_TEXTS, language).items():
                if raw_prompt.get("key") in prompts:
                    put(lang, "roles", role_key, "prompts", {raw_prompt["key"]: texts["text"]})
    questions = {q["key"]: q for m in definition.get("modules", []) for q in m["questions"]}
    for m_index, raw_module in enumerate(_items(top.get("modules"))):
        for q_index, raw_question in enumerate(_items(raw_module.get("questions"))):
            q_path = f"modules[{m_index}].questions[{q_index}]"
            question = questions.get(raw_question.get("key"))
            if question is None:
                continue
            for lang, texts in _block(check, raw_question, q_path, QUESTION_TEXTS, language).items():
                for name in ("left", "right"):
                    if name in texts and question.get(name) is None:
                        check.fail(f"{q_path}.translations.{lang}.{name}", check.line_of(raw_question, "translations"),
                                   "vertaalt een tekst die de vraag niet heeft")
                for role in texts.get("text_by_role", {}):
                    if role not in (question.get("text_by_role") or {}):
                        check.fail(f"{q_path}.translations.{lang}.text_by_role.{role}",
                                   check.line_of(raw_question, "translations"),
                                   f"de vraag heeft geen eigen tekst voor de rol '{role}'")
                put(lang, "questions", question["key"], texts)
            for field in ("options", "corners"):
                for o_index, raw_option in enumerate(_items(raw_question.get(field))):
                    o_path = f"{q_path}.{field}[{o_index}]"
                    for lang, texts in _block(check, raw_option, o_path, OPTION_TEXTS, language).items():
                        put(lang, "questions", question["key"], "options", {raw_option.get("key"): texts["label"]})
    return result


def _items(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def missing_translations(definition: dict, languages) -> dict[str, list[str]]:
    """Per language (other than the form's own), the texts a teller would read in the form's language.

    Each is named like ``vraag outcome: help`` or ``rol parent, vertelvraag zoeken``, in the form's order."""
    own = definition.get("language") or "nl"
    translations = definition.get("translations") or {}
    report = {}
    for language in languages:
        if language == own:
            continue
        given = translations.get(language, {})
        missing = []
        for role in definition["roles"]:
            done = given.get("roles", {}).get(role["key"], {})
            if "label" not in done:
                missing.append(f"rol {role['key']}: label")
            missing += [f"rol {role['key']}, vertelvraag {p['key']}" for p in role["prompts"]
                        if p["key"] not in done.get("prompts", {})]
        for module in definition["modules"]:
            for question in module["questions"]:
                missing += _missing_of_question(question, given.get("questions", {}).get(question["key"], {}))
        report[language] = missing
    return report


#: How many missing texts the import report names per language; the rest is counted.
MISSING_SHOWN = 15


def translation_report(definition: dict, languages) -> list[str]:
    """Lines (Dutch, for whoever imports the form) saying per language which texts fall back to the form's
    own language; ``vertelpunt forms import`` prints them, the form preview in the browser lists them."""
    lines = []
    for language, missing in missing_translations(definition, languages).items():
        if not missing:
            lines.append(f"Vertaling {language}: compleet.")
            continue
        lines.append(f"Vertaling {language}: {len(missing)} teksten ontbreken; tellers lezen daar de tekst in "
                     f"'{definition['language']}':")
        lines += [f"  - {item}" for item in missing[:MISSING_SHOWN]]
        if len(missing) > MISSING_SHOWN:
            lines.append(f"  ... en nog {len(missing) - MISSING_SHOWN}.")
    return lines


def _missing_of_question(question: dict, done: dict) -> list[str]:
    name = f"vraag {question['key']}"
    missing = [f"{name}: {field}" for field in ("text", "help", "left", "right")
               if question.get(field) is not None and field not in done]
    missing += [f"{name}: text_by_role {role}" for role in (question.get("text_by_role") or {})
                if role not in done.get("text_by_role", {})]
    choices = question.get("options") or question.get("corners") or []
    missing += [f"{name}, optie {o['key']}" for o in choices if o["key"] not in done.get("options", {})]
    return missing


def spread_translations(definition: dict) -> dict:
    """The inverse of :func:`read_translations`: each translation back beside the texts it translates, so an
    exported form file reads like a hand-written one (the short form for an item with one text, like a role's
    label or an option's; ``definition`` is changed in place and returned)."""
    translations = definition.pop("translations", None) or {}
    for language, given in translations.items():
        if "title" in given:
            definition.setdefault("translations", {})[language] = {"title": given["title"]}
        for role in definition["roles"]:
            done = given.get("roles", {}).get(role["key"], {})
            if "label" in done:
                role.setdefault("translations", {})[language] = done["label"]
            for prompt in role["prompts"]:
                if prompt["key"] in done.get("prompts", {}):
                    prompt.setdefault("translations", {})[language] = done["prompts"][prompt["key"]]
        for module in definition["modules"]:
            for question in module["questions"]:
                done = dict(given.get("questions", {}).get(question["key"], {}))
                labels = done.pop("options", {})
                if done:
                    question.setdefault("translations", {})[language] = done
                for option in question.get("options") or question.get("corners") or []:
                    if option["key"] in labels:
                        option.setdefault("translations", {})[language] = labels[option["key"]]
    return definition


def localized(form, language: str):
    """The form snapshot (:class:`vertelpunt.forms.snapshot.FormSpec`) with its texts in ``language``,
    each missing one in the form's own language; keys, ids and order are the same, so every check and
    every stored answer is the same whatever the language. The form itself when there is nothing to change."""
    if language == form.language or not (form.translations or {}).get(language):
        return form
    return _localized(form, language)


@lru_cache(maxsize=64)
def _localized(form, language: str):
    given = form.translations[language]
    roles = tuple(_role(role, given.get("roles", {}).get(role.key, {})) for role in form.roles)
    texts = given.get("questions", {})
    modules = tuple(replace(module, questions=tuple(_question(q, texts.get(q.key, {})) for q in module.questions))
                    for module in form.modules)
    return replace(form, title=given.get("title", form.title), roles=roles, modules=modules,
                   questions=tuple(q for module in modules for q in module.questions), _by_role={})


def _role(role, done: dict):
    prompts = done.get("prompts", {})
    return replace(role, label=done.get("label", role.label),
                   prompts=tuple(replace(p, text=prompts.get(p.key, p.text)) for p in role.prompts))


def _question(question, done: dict):
    if not done:
        return question
    labels = done.get("options", {})
    by_role = question.text_by_role
    if by_role:
        by_role = {role: done.get("text_by_role", {}).get(role, text) for role, text in by_role.items()}
    return replace(
        question, text=done.get("text", question.text), help=done.get("help", question.help),
        left_label=done.get("left", question.left_label), right_label=done.get("right", question.right_label),
        text_by_role=by_role, options=tuple(replace(o, label=labels.get(o.key, o.label)) for o in question.options),
    )
