"""The languages of the public pages: which one a request is in, and the translation catalogue.

Tellers choose a language on the landing page (a ``lang`` link, so it works without JavaScript); the
choice is kept in the signed session cookie that the story form already needs for its CSRF token, so no
new cookie and nothing that follows a person. Only the public blueprints are translated: staff pages
(``/beheer`` and everything behind a login) stay Dutch whatever a teller chose on the same browser.
The interface texts are Dutch in the source (the msgids) and translated by Flask-Babel from the
catalogues in ``vertelpunt/translations``; the story form's own texts come from the form file
(:mod:`vertelpunt.forms.translations`).
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, has_request_context, request, session as cookie, url_for
from flask_babel import Babel, refresh

DEFAULT_LANGUAGE = "nl"
#: Languages a teller can choose, with the name shown in that language (the chooser's link text).
LANGUAGES = {"nl": "Nederlands", "en": "English"}
#: The languages by their Dutch names, for the staff pages (which are Dutch) that show a story's language.
DUTCH_NAMES = {"nl": "Nederlands", "en": "Engels"}
#: The blueprints whose pages follow the teller's language; every other page is Dutch.
PUBLIC_BLUEPRINTS = frozenset({"public", "collect", "proposals_public"})
SESSION_KEY = "vertelpunt.lang"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

babel = Babel()


def is_public_request() -> bool:
    """A public page (jobs, the CLI and PDF reports render outside a request: Dutch)."""
    return has_request_context() and request.blueprint in PUBLIC_BLUEPRINTS


def chosen_language() -> str:
    """The language of this request's page: the teller's choice on public pages, else Dutch."""
    if not is_public_request():
        return DEFAULT_LANGUAGE
    language = cookie.get(SESSION_KEY)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def remember_choice():
    """before_request: ``?lang=en`` on a public page keeps that language for the next pages (an unknown
    value is ignored, so a typo never breaks a page). Flask-Babel keeps the locale on ``g``, which outlives a
    request when an app context was pushed around it (the CLI, tests): it is chosen afresh for each request."""
    refresh()
    wanted = request.args.get("lang")
    if wanted in LANGUAGES and is_public_request():
        if wanted == DEFAULT_LANGUAGE:
            cookie.pop(SESSION_KEY, None)
        else:
            cookie[SESSION_KEY] = wanted


def register_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=chosen_language)
    app.before_request(remember_choice)

    @app.context_processor
    def _languages():
        return {"page_language": chosen_language()}


def language_url(language: str) -> str:
    """This page (a GET page: same arguments) in ``language``: the link of the language chooser."""
    args = {key: value for key, value in request.args.items() if key != "lang"}
    return url_for(request.endpoint, **(request.view_args or {}), **args, lang=language)


def language_label(code: str | None) -> str:
    """A language code as staff read it ("en" -> "Engels"); an unknown code as it is."""
    return DUTCH_NAMES.get(code or DEFAULT_LANGUAGE, code or "")


def N_(text: str) -> str:  # the name pybabel looks for
    """Marks a Dutch text for the catalogue where it is defined; it is translated where it is shown."""
    return text
