"""Read a YAML or JSON form file while remembering the line of every value.

Error messages must name where the problem is ("regel 12, modules[0].questions[3].left"), so the YAML
loader records the start line of each mapping value and sequence item. JSON is read by the same loader
(a JSON document is valid YAML for everything a form file contains).
"""
from __future__ import annotations

import yaml

from vertelpunt.errors import VertelpuntError


class LineDict(dict):
    """A dict that knows the line of itself and of each of its values."""

    line: int = 0
    value_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.value_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "een sleutel moet tekst zijn", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"het veld '{key}' staat er twee keer", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.value_lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class FormSyntaxError(VertelpuntError):
    """The file is not readable YAML/JSON at all."""


def load_text(text: str):
    """Parse the text of a form file; syntax errors name the line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"regel {mark.line + 1}: " if mark else ""
        raise FormSyntaxError(f"{where}het bestand is geen geldige YAML of JSON ({error.problem}).") from None
    except yaml.YAMLError as error:
        raise FormSyntaxError(f"het bestand is geen geldige YAML of JSON ({error}).") from None
    except RecursionError:
        raise FormSyntaxError("het bestand is te diep genest om als vragenset te lezen.") from None
