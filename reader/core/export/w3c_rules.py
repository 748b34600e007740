"""The MUSTs of the W3C Web Annotation model that an imported annotation is checked against."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlparse

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The context every Web Annotation document names."""
DIRECTIONS = frozenset({"ltr", "rtl", "auto"})
COMPOSITES = frozenset({"Choice", "List", "Composite", "Independents"})
"""Body types that hold other bodies in `items`."""
_STRING_SELECTORS = frozenset({"FragmentSelector", "CssSelector", "XPathSelector"})
_OFFSET_SELECTORS = frozenset({"TextPositionSelector", "DataPositionSelector"})
MAX_DEPTH = 32
"""Selectors refined, or bodies nested, deeper than this are a trap, not an annotation."""


def is_iri(value: Any) -> bool:
    """True for an absolute IRI: a scheme, and no spaces."""
    return isinstance(value, str) and bool(urlparse(value).scheme) and " " not in value


def contexts(value: Any) -> list[Any]:
    """The entries of an `@context` (one or a list)."""
    return value if isinstance(value, list) else [value]


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one thing or a list, as a list (absent: empty)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_time(value: Any) -> bool:
    """True for one ISO 8601 date-time string."""
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def must_problem(raw: dict[str, Any], claims_w3c: bool) -> str | None:
    """What in an annotation breaks a MUST of the Web Annotation model, if anything.

    The identity rules apply when the file says it is W3C (an `@context`); a bare array from
    another tool is read leniently.
    """
    if "@context" in raw and W3C_CONTEXT not in contexts(raw["@context"]):
        return f"its @context does not name {W3C_CONTEXT}"
    if claims_w3c and "id" in raw and not is_iri(raw["id"]):
        return f"its id {raw['id']!r} is not an IRI"
    if "type" in raw and "Annotation" not in as_list(raw["type"]):
        return f"its type is {raw['type']!r}, not Annotation"
    if "generated" in raw and not is_time(raw["generated"]):
        return "'generated' must be one ISO 8601 time"
    for key in ("creator", "generator"):
        for agent in as_list(raw.get(key)):
            if not (is_iri(agent) or isinstance(agent, dict)):
                return f"'{key}' must be an IRI or an agent object"
            if isinstance(agent, dict) and "id" in agent and not is_iri(agent["id"]):
                return f"the {key}'s id {agent['id']!r} is not an IRI"
    if "body" in raw and "bodyValue" in raw:
        return "it has both 'body' and 'bodyValue'"
    if "bodyValue" in raw and not isinstance(raw["bodyValue"], str):
        return "its 'bodyValue' is not a string"
    for body in as_list(raw.get("body")):
        problem = _body_problem(body, 0)
        if problem is not None:
            return problem
    for target in as_list(raw.get("target")):
        problem = _target_problem(target)
        if problem is not None:
            return problem
    return _resource_problem(raw, times=False)


def _resource_problem(part: dict[str, Any], times: bool = True) -> str | None:
    """The properties any annotation, body or target may have, each of its allowed shape (an
    annotation's own times are checked as they are read, with the value in the message)."""
    if "textDirection" in part and (
        not isinstance(part["textDirection"], str) or part["textDirection"] not in DIRECTIONS
    ):
        return f"textDirection {part['textDirection']!r} is not one of ltr, rtl or auto"
    for key in ("rights", "via", "canonical"):
        if not all(is_iri(value) for value in as_list(part.get(key))):
            return f"'{key}' must be an IRI"
    if "format" in part and not all(isinstance(value, str) for value in as_list(part["format"])):
        return "'format' must be a media type"
    if "language" in part and not all(
        isinstance(value, str) for value in as_list(part["language"])
    ):
        return "'language' must be a language code"
    if "processingLanguage" in part and not isinstance(part["processingLanguage"], str):
        return "'processingLanguage' must be one language code"
    for key in ("created", "modified") if times else ():
        if key in part and not is_time(part[key]):
            return f"'{key}' must be one ISO 8601 time"
    return None


def _body_problem(body: Any, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        return "its bodies are nested too deeply"
    if isinstance(body, str):
        return None if is_iri(body) else f"a body given as text must be an IRI, not {body!r}"
    if not isinstance(body, dict):
        return "every body must be an IRI or an object"
    kinds = as_list(body.get("type"))
    if not all(isinstance(kind, str) for kind in kinds):
        return "a body's type must be a name"
    composites = COMPOSITES.intersection(kinds)
    if len(composites) > 1:
        return f"a body is of more than one composite type ({', '.join(sorted(composites))})"
    if "id" in body and not is_iri(body["id"]):
        return f"a body's id {body['id']!r} is not an IRI"
    if composites:
        items = body.get("items")
        if not isinstance(items, list) or not items:
            return f"a {next(iter(composites))} body has no 'items' list"
        for item in items:
            problem = _body_problem(item, depth + 1)
            if problem is not None:
                return problem
    elif "TextualBody" in kinds and "value" not in body:
        return "a TextualBody has no 'value'"
    elif "value" not in body and "id" not in body and "source" not in body:
        return "a body is neither text, a link nor a choice of bodies"
    return _resource_problem(body)


def _target_problem(target: Any) -> str | None:
    if isinstance(target, str):
        return None  # a whole resource: valid, and skipped (nothing to anchor)
    if not isinstance(target, dict):
        return "every target must be an IRI or an object"
    for selector in as_list(target.get("selector")):
        problem = _selector_problem(selector, 0)
        if problem is not None:
            return problem
    return _resource_problem(target)


def _selector_problem(selector: Any, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        return "its selectors are refined too deeply"
    if isinstance(selector, str):
        return None  # a selector by reference
    if not isinstance(selector, dict):
        return "every selector must be an object"
    kind = selector.get("type")
    if not isinstance(kind, str):
        return "every selector must name its type"
    if kind in _STRING_SELECTORS and not isinstance(selector.get("value"), str):
        return f"a {kind} needs one 'value'"
    if kind == "TextQuoteSelector" and not isinstance(selector.get("exact"), str):
        return "a TextQuoteSelector needs one 'exact' quote"
    if kind in _OFFSET_SELECTORS:
        start, end = selector.get("start"), selector.get("end")
        if not all(
            isinstance(value, int) and not isinstance(value, bool) and value >= 0
            for value in (start, end)
        ):
            return f"a {kind} needs whole numbers 'start' and 'end'"
    if kind == "RangeSelector":
        for key in ("startSelector", "endSelector"):
            problem = _selector_problem(selector.get(key), depth + 1)
            if problem is not None or not isinstance(selector.get(key), dict):
                return problem or f"a RangeSelector needs a '{key}'"
    for refinement in as_list(selector.get("refinedBy")):
        problem = _selector_problem(refinement, depth + 1)
        if problem is not None:
            return problem
    return None
