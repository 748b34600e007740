"""The annotations of a W3C file: a collection's pages followed within the file, in order."""

from __future__ import annotations

from typing import Any


class ImportFileError(ValueError):
    """An import file that cannot be used; the message says which item is wrong and how."""


MAX_PAGES = 100_000
"""More pages than this in one file is a loop, not a collection."""


def _pages_in(data: Any) -> dict[str, dict[str, Any]]:
    """Every AnnotationPage with an id anywhere in the file (where `next` may point)."""
    found: dict[str, dict[str, Any]] = {}
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if value.get("type") == "AnnotationPage" and isinstance(value.get("id"), str):
                found.setdefault(value["id"], value)
            stack.extend(item for key, item in value.items() if key != "items")
        elif isinstance(value, list):
            stack.extend(item for item in value if isinstance(item, dict | list))
    return found


def _page_items(page: dict[str, Any], pages: dict[str, dict[str, Any]]) -> list[Any]:
    """The items of a page and of every page after it (`next`, followed within the file)."""
    items: list[Any] = []
    seen: set[int] = set()
    current: Any = page
    while current is not None:
        if id(current) in seen or len(seen) > MAX_PAGES:
            raise ImportFileError("the collection's pages go round in a loop")
        seen.add(id(current))
        if not isinstance(current.get("items"), list):
            raise ImportFileError("a page of the collection has no 'items' list")
        items.extend(current["items"])
        following = _page_named(
            current.get("next"),
            pages,
            "the collection goes on in page {!r}, which is not in this file; import a file"
            " holding every page (reader imports none of a partial one)",
        )
        if following is not None and not isinstance(following, dict):
            raise ImportFileError("a page's 'next' must be a page or the id of one")
        current = following
    return items


def _page_named(reference: Any, pages: dict[str, dict[str, Any]], missing: str) -> Any:
    """The page a reference names (a page given inline is itself); one named but not in the
    file is refused with `missing`, formatted with its name."""
    if not isinstance(reference, str):
        return reference
    if reference not in pages:
        raise ImportFileError(missing.format(reference))
    return pages[reference]


def items_of(data: Any) -> list[Any]:
    """Every annotation a file holds: an array, one annotation, a page or a collection."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if data.get("type") == "Annotation":
            return [data]
        pages = _pages_in(data)
        if isinstance(data.get("items"), list):
            return _page_items(data, pages)
        first = _page_named(
            data.get("first"),
            pages,
            "the collection's first page {!r} is not in this file; nothing was imported",
        )
        if isinstance(first, dict) and isinstance(first.get("items"), list):
            items = _page_items(first, pages)
            total = data.get("total")
            if isinstance(total, int) and not isinstance(total, bool) and total > len(items):
                raise ImportFileError(
                    f"the collection says it holds {total} annotations but this file has"
                    f" {len(items)}: some pages are missing; nothing was imported"
                )
            last = data.get("last")
            if isinstance(last, str) and last not in pages:
                raise ImportFileError(
                    f"the collection's last page {last!r} is not in this file; nothing was imported"
                )
            return items
        if isinstance(first, dict | list) or "first" in data:
            raise ImportFileError("the collection's 'first' page has no 'items' list")
    raise ImportFileError(
        "expected an AnnotationCollection, an AnnotationPage or a JSON array of annotations"
    )
