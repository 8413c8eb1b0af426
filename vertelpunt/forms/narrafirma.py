"""NarraFirma's story-form CSV -> a Vertelpunt form definition (and how to read that tool's stories file).

Follows NarraFirma's import guide: a header row naming the columns (``Data column name, Type, About, Short
name, Long name, Options, Answers, ...``; older files start ``Order, Long name, Short name, Type, About,
Answers``), comment rows starting with ``;``, one row per question. ``About`` says what a row is:
``eliciting`` (the prompts), ``story`` and ``participant`` (questions), ``form`` (texts of the form),
``import`` (how the data file is laid out) or ``ignore``.

The NarraFirma questions become one regional (not core) module with keys made from the short names;
eliciting questions become the prompts of every role; participant questions go to the ``teller`` section;
Boolean and Checkbox become single choices with two options; a write-in box becomes a text question. How to
read the stories file (column names, indexed answers, the scale range, the multi-choice layouts) cannot be
said in a Vertelpunt form, so it is kept beside it in the definition's ``narrafirma`` field, which
:mod:`vertelpunt.stories.narrafirma_import` reads. Whatever cannot be kept is listed in the report.
"""
from __future__ import annotations

from vertelpunt.forms.narrafirma_csv import (
    ExchangeReport,
    NarraFirmaError,
    read_rows,
    slug,
)
from vertelpunt.forms.schema import FORM_KEY, normalise

#: NarraFirma type (lower case) -> how its answers are laid out in the stories file.
LAYOUTS = {
    "single choice": "single", "radiobuttons": "single", "select": "single",
    "single choice indexed": "indexed",
    "boolean": "boolean", "checkbox": "checkbox",
    "scale": "scale", "slider": "scale",
    "text": "text", "textarea": "textarea",
    "multiple choice": "multi_texts", "checkboxes": "multi_texts",
    "multi-choice multi-column texts": "multi_texts",
    "multi-choice multi-column yes/no": "multi_yesno",
    "multi-choice single-column delimited": "multi_delimited",
    "multi-choice single-column delimited indexed": "multi_delimited_indexed",
}
CHOICE_LAYOUTS = {"single", "indexed", "multi_texts", "multi_yesno", "multi_delimited", "multi_delimited_indexed"}
#: ``import`` rows (the Type cell, lower case) -> the reading setting they give.
IMPORT_SETTINGS = {
    "story title column name": "title_column", "story text column name": "text_column",
    "eliciting question column name": "eliciting_column", "participant id column name": "participant_column",
    "story date column name": "date_column", "story language column name": "language_column",
    "scale range": "scale_range", "multi choice single column delimiter": "delimiter",
    "yes no questions yes indicator": "yes", "yes no questions q-a separator": "qa_separator",
    "yes no questions q-a ending": "qa_ending",
}
DEFAULT_SPEC = {
    "title_column": "Story title", "text_column": "Story text", "eliciting_column": "Eliciting question",
    "participant_column": None, "date_column": None, "language_column": None,
    "delimiter": ",", "yes": "yes", "qa_separator": None, "qa_ending": "",
}
#: Vertelpunt's roles: every one gets the eliciting questions; the stories import says who told each story.
DEFAULT_ROLES = (("youth", "Ik ben kind of jongere"), ("parent", "Ik ben ouder of verzorger"),
                 ("professional", "Ik ben professional"))
RESERVED = {"public_id", "role", "prompt", "title", "text", "week", "channel", "language", "complete", "status",
            "region", "period"}
KNOWN_OPTIONS = {"maxnumanswers", "writeintextboxlabel"}
HEADER_ALIASES = {"data column name": "column", "type": "type", "about": "about", "short name": "short",
                  "long name": "long", "options": "options", "answers": "answers", "order": "order"}


def parse_narrafirma_form(data: bytes | str, key: str | None = None) -> tuple[dict, ExchangeReport]:
    """Read a NarraFirma story-form CSV (bytes of an upload or text) into a normalised Vertelpunt definition.

    Returns (definition, report); raises :class:`NarraFirmaError` naming line and column, or the schema's
    :class:`FormValidationError`, when the file cannot become a form. Nothing touches the database."""
    report = ExchangeReport()
    rows = read_rows(data, comments=True)
    header_at, columns = _header(rows)
    problems: list[str] = []
    spec = dict(DEFAULT_SPEC, prompts={}, questions=[], scale_range=[0, 100])
    title, prompts, questions, prompt_keys = None, [], [], set()
    used_keys = set(RESERVED)  # never a column name of Vertelpunt's own CSV export
    for line, cells in rows[header_at + 1:]:
        cell = _cells(cells, columns)
        about, kind = cell("about").lower(), cell("type")
        where = f"regel {line}"
        if about == "import":
            _import_row(spec, kind, cell("answers_list"), where, problems, report)
        elif about == "eliciting":
            column = cell("column") or cell("short") or "Eliciting question"
            spec["eliciting_column"] = column
            for number, answer in enumerate(cell("answers_list"), start=1):
                parts = [part.strip() for part in answer.split("|")]
                name, shown, text = parts[0], parts[-2] if len(parts) > 2 else parts[0], parts[-1]
                if not name or not text:
                    problems.append(f"{where}, kolom Answers ({number}): een vertelvraag moet 'naam|tekst' zijn")
                    continue
                prompt_key = slug(shown, prompt_keys, prefix="p")
                spec["prompts"][name] = prompt_key
                prompts.append({"key": prompt_key, "text": text[:2000]})
        elif about in ("story", "participant"):
            question = _question(cell, about, where, problems, report, used_keys, spec)
            if question is not None:
                questions.extend(question)
        elif about == "form":
            value = " ".join(cell("answers_list")).strip()
            if kind.lower() == "title" and value:
                title = value[:200]
            elif value:
                report.note(f"formuliertekst '{kind}' (regel {line}): Vertelpunt gebruikt zijn eigen teksten")
        elif about == "ignore":
            report.note(f"regel {line} ('{cell('short') or kind}'): in het bestand gemarkeerd als ignore")
        else:
            problems.append(f"{where}, kolom About: '{cell('about')}' is geen eliciting, story, participant, "
                            "form, import of ignore")
    if not questions:
        problems.append("het bestand heeft geen enkele vraag met About = story of participant")
    if problems:
        raise NarraFirmaError.listing(problems)
    form_key = key or slug(title or "narrafirma", set(), prefix="nf", dash=True)
    if not FORM_KEY.match(form_key):
        raise NarraFirmaError.listing([(f"'{form_key}' is geen geldige sleutel voor een vragenset "
                                       "(kleine letters, cijfers en '-', 2 tot 60 tekens)")])
    if not prompts:
        prompts = [{"key": "verhaal", "text": "Vertel over een moment dat je je herinnert."}]
    document = {
        "format": "vertelpunt-form/1", "key": form_key, "title": title or "Vragenset uit NarraFirma",
        "language": "nl",
        "roles": [{"key": role, "label": label, "prompts": [dict(p) for p in prompts]} for role, label in DEFAULT_ROLES],
        "modules": [{"key": f"{form_key}-vragen"[:60].rstrip("-"), "title": "Vragen uit NarraFirma",
                     "core": False, "questions": questions}],
        "narrafirma": spec,
    }
    return normalise(document), report


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int]]:
    for index, (_line, cells) in enumerate(rows):
        names = [cell.strip().lower() for cell in cells]
        if "type" in names and "about" in names:
            columns = {}
            for position, name in enumerate(names):
                if name in HEADER_ALIASES and HEADER_ALIASES[name] not in columns:
                    columns[HEADER_ALIASES[name]] = position
            if "answers" not in columns:
                raise NarraFirmaError.listing([f"regel {rows[index][0]}: de kopregel heeft geen kolom Answers"])
            return index, columns
    raise NarraFirmaError.listing([("het bestand is geen NarraFirma-vragenset: er is geen kopregel met de "
                                   "kolommen Type, About en Answers (een YAML- of JSON-bestand importeer je "
                                   "zonder --format narrafirma)")])


def _cells(cells: list[str], columns: dict[str, int]):
    def cell(name: str):
        if name == "answers_list":
            return [value for value in cells[columns["answers"]:] if value != ""]
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else ""
    return cell


def _import_row(spec: dict, kind: str, values: list[str], where: str, problems: list, report: ExchangeReport) -> None:
    setting = IMPORT_SETTINGS.get(kind.strip().lower())
    if setting is None:
        report.note(f"{where}: de importinstelling '{kind}' kent Vertelpunt niet")
        return
    if setting == "scale_range":
        try:
            low, high = float(values[0]), float(values[1])
        except (IndexError, ValueError):
            problems.append(f"{where}, kolom Answers: Scale range heeft twee getallen nodig, zoals 0 en 100")
            return
        if low >= high:
            problems.append(f"{where}, kolom Answers: het eerste getal van Scale range moet kleiner zijn dan het tweede")
            return
        spec["scale_range"] = [low, high]
        return
    if not values:
        problems.append(f"{where}, kolom Answers: '{kind}' heeft een waarde nodig")
        return
    spec[setting] = values[0]
    if setting == "participant_column":
        report.note(f"deelnemer-id's (kolom '{values[0]}'): Vertelpunt bewaart geen deelnemers, alleen hun "
                    "antwoorden bij elk verhaal")


def _options(cell) -> dict[str, str]:
    settings = {}
    for part in cell("options").split("|"):
        if "=" in part:
            name, value = part.split("=", 1)
            settings[name.strip().lower()] = value.strip()
    return settings


def _question(cell, about: str, where: str, problems: list, report: ExchangeReport, used: set, spec: dict):
    """The Vertelpunt question(s) of one NarraFirma row, and how to read its answers (added to ``spec``)."""
    kind, short = cell("type"), cell("short")
    layout = LAYOUTS.get(kind.strip().lower())
    if not short:
        problems.append(f"{where}, kolom Short name: ontbreekt (elke vraag heeft een korte naam nodig)")
        return None
    if layout is None:
        if kind.strip().lower() in ("label", "header"):
            report.note(f"{where}: '{short}' is een tussenkop of uitleg ({kind}), geen vraag")
            return None
        problems.append(f"{where}, kolom Type: '{kind}' is geen vraagtype dat NarraFirma kent")
        return None
    options = _options(cell)
    for name in sorted(set(options) - KNOWN_OPTIONS):
        report.note(f"{where}: de optie '{name}' bij '{short}'")
    key = slug(short, used)
    text = (cell("long") or short)[:1000]
    question = {"key": key, "type": "single_choice", "section": "teller" if about == "participant" else "duiding",
                "text": text}
    read = {"key": key, "column": cell("column") or short, "layout": layout}
    answers = cell("answers_list")
    if layout in CHOICE_LAYOUTS:
        if len(answers) < 2 or len(answers) > 30:
            problems.append(f"{where}, kolom Answers: '{short}' heeft 2 tot 30 antwoorden nodig, niet {len(answers)}")
            return None
        option_keys, listed = set(), []
        for answer in answers:
            name, _, shown = answer.partition("|")
            listed.append([name.strip(), slug(name.strip() or shown, option_keys, prefix="a"), (shown or name).strip()])
        question["options"] = [{"key": k, "label": label[:200]} for _, k, label in listed]
        read["answers"] = [[name, k] for name, k, _ in listed]
        if layout not in ("single", "indexed"):
            question["type"] = "multi_choice"
            if options.get("maxnumanswers", "").isdigit() and 1 <= int(options["maxnumanswers"]) <= 30:
                question["max_choices"] = int(options["maxnumanswers"])
    elif layout in ("boolean", "checkbox"):
        labels = ("Ja", "Nee") if layout == "boolean" else ("Aangevinkt", "Niet aangevinkt")
        question["options"] = [{"key": "ja", "label": labels[0]}, {"key": "nee", "label": labels[1]}]
    elif layout == "scale":
        question.update(type="slider", left=(answers[0] if answers else "laag")[:120],
                        right=(answers[1] if len(answers) > 1 else "hoog")[:120], allow_na=True)
        numbers = [value for value in answers[2:4] if _is_number(value)]
        if len(numbers) == 2 and float(numbers[0]) < float(numbers[1]):
            read["range"] = [float(numbers[0]), float(numbers[1])]
        if len(answers) > 4 or (len(answers) > 2 and len(numbers) < 2):
            read["na"] = answers[-1]
    else:
        question.update(type="text", max_length=1000 if layout == "text" else 10000)
    extra = []
    if options.get("writeintextboxlabel"):
        other_key = slug(f"{short} anders", used)
        extra.append({"key": other_key, "type": "text", "section": question["section"],
                      "text": options["writeintextboxlabel"][:1000], "max_length": 1000})
        read["write_in"] = {"key": other_key, "column": f"{read['column']} (write-in)"}
    spec["questions"].append(read)
    return [question, *extra]


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
