"""Where the Dutch texts come from that public pages show but other modules define (see texts.py).

``python -m vertelpunt.i18n.sources`` rewrites ``vertelpunt/i18n/texts.py`` from them, for pybabel.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Modules whose Dutch messages reach a teller: every string literal that raises an answer or widget error.
#: In the order the question types used to stand in one file, so texts.py keeps its order.
MESSAGE_MODULES = (*(f"forms/question_types/{name}.py" for name in ("base", "slider", "choices", "triad", "text", "place")),
                   "stories/answers.py")
MESSAGE_CALLS = {"InvalidAnswer", "WidgetError", "Message"}


def shown_texts() -> list[str]:
    """Every Dutch text a public page translates at the place it shows it, each once, in a stable order."""
    from vertelpunt.collect import routes as collect_routes
    from vertelpunt.collect.navigation import BROKEN_FORM
    from vertelpunt.collect.trail import NOT_USED, STATES
    from vertelpunt.models import ProposalStatus
    from vertelpunt.models.plans import ConditionKind
    from vertelpunt.projects.privacy import FIELDS
    from vertelpunt.proposals.measures import CONCLUSION_TEXT, DIRECTION_LABELS

    texts = [text for _state, text in STATES.values()] + [NOT_USED[1], BROKEN_FORM]
    texts += [collect_routes.UNKNOWN_ROLE, collect_routes.NO_STORY_WITH_CODE, *collect_routes.CODE_PROBLEMS]
    texts += list(ProposalStatus.labels().values()) + list(ConditionKind.labels().values())
    texts += list(DIRECTION_LABELS.values()) + list(CONCLUSION_TEXT.values()) + [field.label for field in FIELDS]
    texts += list(collect_routes.PII_PHRASES.values())
    texts += _constant_messages()
    return list(dict.fromkeys(texts))


def _constant_messages() -> list[str]:
    """The messages of the answer checks: plain strings, and the templates of those with a number in them."""
    found = []
    for name in MESSAGE_MODULES:
        tree = ast.parse((HERE.parent / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MESSAGE_CALLS and node.args:
                found += _text_of(node.args[0])
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) for t in node.targets):
                found += [text for text in _text_of(node.value) if re.match(r"[A-Z]", text)]  # errors[key] = "..."
    return found


def _text_of(node) -> list[str]:
    return [node.value] if isinstance(node, ast.Constant) and isinstance(node.value, str) else []


def texts_module() -> str:
    body = "\n".join(f"    N_({text!r})," for text in shown_texts())
    return f'''"""Dutch texts that other modules define and public pages translate where they show them.

pybabel only finds texts written as a call (``_("...")``); these are constants of their own modules (status
labels, the answer checks' messages, the story trail), translated in the template or route that shows them.
Written by ``python -m vertelpunt.i18n.sources`` from :func:`vertelpunt.i18n.sources.shown_texts`;
tests/test_i18n.py fails when it is out of date.
"""
from vertelpunt.i18n import N_

TEXTS = (
{body}
)
'''


if __name__ == "__main__":
    (HERE / "texts.py").write_text(texts_module(), encoding="utf-8")
