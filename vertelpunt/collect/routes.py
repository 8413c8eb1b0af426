"""Public pages of one project: landing, the story form, thanks, "my story", withdrawal. No account needed.

Views stay thin: the pages and their checks are in :mod:`vertelpunt.collect.steps`, where a POST leads in
:mod:`vertelpunt.collect.navigation`, saving in :mod:`vertelpunt.collect.services`.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, session as cookie, url_for
from flask_babel import format_number, get_locale, get_translations, gettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from vertelpunt.collect.navigation import NavigationError, next_move, read_navigation
from vertelpunt.collect.services import load_project, new_submission_token, submit_story, withdraw_story
from vertelpunt.collect.steps import build_steps, carried_fields, check_step
from vertelpunt.collect.thanks import hold_code, new_ticket, take_code
from vertelpunt.collect.trail import find_trail
from vertelpunt.db import get_session, or_404
from vertelpunt.forms.snapshot import form_spec
from vertelpunt.forms.translations import localized
from vertelpunt.limits.registry import limiter
from vertelpunt.models import Channel, Project, UserRole
from vertelpunt.moderate.pii import PII_KINDS, describe_kinds, find_pii
from vertelpunt.stories.services import MAX_STORY_LENGTH, StoryInput, count_words, load_place_lookup

bp = Blueprint("collect", __name__, url_prefix="/v/<slug>")
#: The session cookie holds only a random one-time ticket under this key, never the withdrawal code itself:
#: the cookie is signed, not encrypted (see :mod:`vertelpunt.collect.thanks`).
THANKS_KEY = "vertelpunt.thanks"
UNKNOWN_ROLE = "Deze rol kennen we niet. Ga naar de startpagina van het project en kies wie je bent."
#: Set on the story page once its personal-data warning was shown, so "Volgende" then goes on.
PII_SEEN = "pii_seen"
MAX_PII_WORDS = 12
CODE_MISSING = "Vul de code in die je kreeg toen je je verhaal deelde."
CODE_TOO_LONG = "Deze code is te lang. Controleer de code en probeer het opnieuw."
CODE_PROBLEMS = (CODE_MISSING, CODE_TOO_LONG)
#: Each kind of personal data with its article, for the warning in another language than Dutch (the Dutch
#: warning is :func:`vertelpunt.moderate.pii.describe_kinds`, which shares one article).
PII_PHRASES = {
    "name": "een naam", "phone": "een telefoonnummer", "email": "een e-mailadres", "postcode": "een postcode",
    "address": "een adres", "bsn": "een burgerservicenummer (BSN)", "iban": "een bankrekeningnummer",
}


def _allowed(kind: str) -> bool:
    if current_user.is_authenticated:
        return True  # staff entering Verteltafel stories are not throttled
    return limiter(kind).hit(request.remote_addr or "unknown")


def _project(slug: str) -> Project:
    project = or_404(load_project(get_session(), slug))
    return project


def _form(project: Project):
    """The project's form as the teller reads it: in the chosen language, a missing text in Dutch."""
    return localized(form_spec(project.form), str(get_locale()))


def _verteltafel_requested(values) -> bool:
    if values.get("verteltafel") != "1":
        return False
    if not (current_user.is_authenticated and current_user.has_role(UserRole.FACILITATOR)):
        abort(403)
    return True


@bp.get("/")
def landing(slug: str):
    project = _project(slug)
    verteltafel = request.args.get("verteltafel") == "1" and _verteltafel_requested(request.args)
    return render_template("collect/landing.html", project=project, form=_form(project),
                           verteltafel=verteltafel)


@bp.route("/vertel/<role>", methods=["GET", "POST"])
def tell(slug: str, role: str):
    project = _project(slug)
    if not project.is_open:
        return render_template("collect/closed.html", project=project), 410
    form = _form(project)
    form_role = form.role(role)
    if form_role is None:
        if request.method == "POST":
            return _refused(project, UNKNOWN_ROLE)
        abort(404)
    steps = build_steps(form, role)
    values = request.form if request.method == "POST" else request.args
    verteltafel = _verteltafel_requested(values)
    if request.method == "GET":
        return _render_step(project, form_role, steps, 0, MultiDict(), {}, new_submission_token(), verteltafel)

    data = request.form
    if data.get("website"):  # honeypot: people never see this field, bots fill it in
        return redirect(url_for("collect.thanks", slug=slug))
    try:
        navigation = read_navigation(data, len(steps))
    except NavigationError as error:
        return _refused(project, error.message)
    token = navigation.token or new_submission_token()
    places = load_place_lookup(get_session(), project)
    move = next_move(navigation, steps, lambda step: check_step(step, form_role, data, places))
    if _leaves_the_story_page(navigation, move) and data.get(PII_SEEN) != "1":
        words = personal_words(data.get("text", ""))
        if words:  # shown where the story is written, once; "Volgende" again goes on
            return _render_step(project, form_role, steps, 0, data, {}, token, verteltafel, pii_words=words)
    if move.answers is None:
        return _render_step(project, form_role, steps, move.index, data, move.errors, token, verteltafel,
                            status=move.status)
    if not _allowed("story"):
        abort(429)
    story_input = _story_input(form_role, data, move.answers, verteltafel)
    ticket = new_ticket()
    submission = submit_story(get_session(), project, story_input, token, places,
                              before_commit=lambda db, code: hold_code(db, ticket, project.id, code, verteltafel))
    if not submission.already_saved:
        cookie[THANKS_KEY] = ticket
    return redirect(url_for("collect.thanks", slug=slug), code=303)


def _story_input(form_role, data, answers: dict, verteltafel: bool) -> StoryInput:
    """The complete story as the form posted it, told this week (never a more exact time), in the language of
    the pages it was told on."""
    prompt_key = data.get("prompt") or (form_role.prompts[0].key if form_role.prompts else None)
    return StoryInput(
        role=form_role.key, text=data.get("text", ""), answers=answers, prompt_key=prompt_key,
        title=data.get("title") or None, week=date.today(),
        channel=Channel.VERTELTAFEL.value if verteltafel else Channel.ONLINE.value, language=str(get_locale()),
    )


def _refused(project, message: str):
    """A value the form never sends (a tampered or broken request): a Dutch 400, nothing kept."""
    return render_template("collect/refused.html", project=project, message=gettext(message)), 400


def _leaves_the_story_page(navigation, move) -> bool:
    return navigation.current == 0 and navigation.action in ("next", "submit") and not move.errors and (
        move.index > 0 or move.answers is not None)


def personal_words(text: str, limit: int = MAX_PII_WORDS) -> list[str]:
    """The words of the story that look like personal data, each once, in the order they appear."""
    words = list(dict.fromkeys(text[match.start:match.end] for match in find_pii(text)))
    return words[:limit]


def _render_step(project, role, steps, index, data, errors, token, verteltafel, status=200, pii_words=()):
    step = steps[index]
    is_last = index == len(steps) - 1
    text = data.get("text", "")
    pii_kinds = sorted({match.kind for match in find_pii(text)}) if is_last else []
    errors = {key: translated(message) for key, message in errors.items()}  # the answer checks' messages are Dutch
    body = render_template(
        "collect/step.html",
        project=project, role=role, steps=steps, index=index, step=step, data=data, errors=errors,
        carried=carried_fields(steps, index, data), token=token, verteltafel=verteltafel, is_last=is_last,
        form=_form(project),
        pii_warning=_pii_warning(pii_kinds) if pii_kinds else None, word_count=count_words(text),
        places=project.regions, max_story_length=MAX_STORY_LENGTH, pii_words=list(pii_words), pii_seen=PII_SEEN,
        script_texts=script_texts(),
    )
    return body, status


def script_texts() -> dict[str, str]:
    """The sentences collect.js writes, in the page's language, with ``{name}`` where the script fills in a
    number (collect.js reads them from the page; without them it keeps its Dutch)."""
    slot = {name: "{" + name + "}" for name in ("value", "side", "text", "num", "count", "length", "most", "over")}
    return {
        "value": gettext("%(value)s van 100", value=slot["value"]),
        "towards": gettext(", richting %(side)s", side=slot["side"]),
        "middle": gettext(", in het midden"),
        "answer": gettext("Jouw antwoord: %(text)s", text=slot["text"]),
        # the plural's own form, unformatted (ngettext would put the count in): "{num} woord", "{num} woorden"
        "word": get_translations().ngettext("%(num)s woord", "%(num)s woorden", 1) % {"num": slot["num"]},
        "words": get_translations().ngettext("%(num)s woord", "%(num)s woorden", 2) % {"num": slot["num"]},
        "toGo": gettext("(nog %(count)s voor een compleet verhaal)", count=slot["count"]),
        "tooLong": gettext("Je verhaal is te lang: %(length)s tekens. Het mag hoogstens %(most)s tekens zijn. "
                           "Maak het %(over)s tekens korter. Je tekst blijft staan.",
                           length=slot["length"], most=slot["most"], over=slot["over"]),
        "left": gettext("Nog %(count)s tekens over.", count=slot["count"]),
        "thousands": format_number(1000)[1],
    }


def translated(message: str) -> str:
    """A Dutch message of the answer checks in the page's language (its template, for one with numbers)."""
    template = getattr(message, "template", None)
    return gettext(template, **message.params) if template else gettext(message)


def _pii_warning(kinds: list[str]) -> str:
    """What the story seems to hold ("een naam of telefoonnummer"), in the page's language."""
    if str(get_locale()) == "nl":
        return describe_kinds(kinds)
    phrases = [gettext(PII_PHRASES[kind]) for kind in PII_KINDS if kind in kinds]
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " " + gettext("of") + " " + phrases[-1]


@bp.get("/bedankt")
def thanks(slug: str):
    project = _project(slug)
    ticket = cookie.pop(THANKS_KEY, None)
    shown = take_code(get_session(), ticket, project.id) if ticket is not None else None
    return render_template("collect/thanks.html", project=project, shown=shown)


NO_STORY_WITH_CODE = "We vinden geen verhaal met deze code. Controleer de code en probeer het opnieuw."


def _code_problem(code: str) -> str | None:
    """What is wrong with a typed withdrawal code before it is looked up; a lookup counts against the
    withdrawal limit (guessing codes is throttled the same way on both pages that take one)."""
    if not code:
        return gettext(CODE_MISSING)
    if len(code) > 40:
        return gettext(CODE_TOO_LONG)
    if not _allowed("withdraw"):
        abort(429)
    return None


@bp.route("/intrekken", methods=["GET", "POST"])
def withdraw(slug: str):
    project = _project(slug)
    outcome, error = None, None
    if request.method == "POST":
        code = request.form.get("code", "").strip()
        error = _code_problem(code)
        if error is None:
            if withdraw_story(get_session(), project, code):
                outcome = "removed"
            else:
                error = gettext(NO_STORY_WITH_CODE)
    status = 400 if error else 200
    return render_template("collect/withdraw.html", project=project, outcome=outcome, error=error), status


@bp.route("/mijn-verhaal", methods=["GET", "POST"])
def my_story(slug: str):
    """The teller's own story by its code: its state and what it fed. The code travels in a POST body only,
    never in a URL that a proxy or browser history would keep."""
    project = _project(slug)
    trail, error, code = None, None, ""
    if request.method == "POST":
        code = request.form.get("code", "").strip()
        error = _code_problem(code)
        if error is None:
            trail = find_trail(get_session(), project, code)
            if trail is None:
                error = gettext(NO_STORY_WITH_CODE)
    status = 400 if error else 200
    return render_template("collect/my_story.html", project=project, trail=trail, error=error,
                           code=code if trail else ""), status
