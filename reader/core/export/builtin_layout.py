"""The built-in note layout, written out in Python: what `templates/note.md.jinja` makes.

The template file stays the layout's definition (the one a user copies to start their own, and
the one docs/templates.md describes); this is its compiled form. Jinja's rendering was a third
of a large export, and its import a part of every one. A test renders varied notes both ways
and requires the same text.
"""

from __future__ import annotations

from typing import Any

from reader.core.export.markdown_text import yaml_string

_ORPHANS_INTRO = (
    "\n## Orphaned highlights\n\n*These highlights are not placed in the article: their words"
    " are gone, or repeated with nothing to tell which copy. They are kept with their notes.*\n"
)


def _highlight(item: Any, out: list[str]) -> None:
    """One highlight (the template's `highlight` macro)."""
    if item.repeat:
        out.append(item.link + "\n")
        return
    if item.quote_block:
        out.append(item.quote_block + "\n\n")
    out.append(f"^{item.block_id}\n\n{item.details}\n")
    if item.note:
        out.append(f"\n{item.note}\n")
    for text in item.kept:
        out.append(f"\n{text}\n")


def _highlights(items: Any, out: list[str]) -> None:
    """Highlights one after another, a rule between two."""
    for index, item in enumerate(items):
        out.append("\n---\n\n" if index else "\n")
        _highlight(item, out)


def render_builtin(values: dict[str, Any]) -> str:
    """The note the built-in template makes from `values` (see `note_values`)."""
    out = [
        "---\n",
        f"title: {yaml_string(values['title'])}\n",
        f"author: {yaml_string(values['author'])}\n",
    ]
    if values["date"]:
        out.append(f"date: {values['date']}\n")
    tags = ", ".join(yaml_string(tag) for tag in values["tags"])
    out.append(
        f"source: {yaml_string(values['source'])}\n"
        f"article_id: {yaml_string(values['article_id'])}\n"
        f"tags: [{tags}]\n"
        f"highlights: {values['count']}\n"
        f"exported: {values['exported']}\n"
        f"---\n\n{values['signature']}\n"
    )
    if values["heading"]:
        out.append(f"\n# {values['title_md']}\n")
    if values["source_link"]:
        out.append(f"\n{values['source_link']}\n")
    kind, imported_from = values["kind"], values["imported_from"]
    if kind:
        out.append(
            f"\n*A {kind} imported from {imported_from or 'another app'}, with no file in the"
            f" library: quotes are as {imported_from or 'it'} gave them.*\n"
        )
    elif values["missing"]:
        out.append("\n*The article's file was not found: quotes are as last seen.*\n")
    if not values["count"]:
        out.append("\n*No highlights yet.*\n")
    for section in values["sections"]:
        if section.heading:
            out.append(f"\n{section.heading}\n")
        _highlights(section.highlights, out)
    if values["orphans"]:
        out.append(_ORPHANS_INTRO)
        _highlights(values["orphans"], out)
    if values["article_notes"]:
        whole = kind or "article"
        out.append(
            f"\n## Notes on the {whole}\n\n*Notes kept on the whole {whole}, with no passage.*\n"
        )
        _highlights(values["article_notes"], out)
    out.append("\n## My notes\n")
    out.extend(f"\n{text}\n" for text in values["my_notes"])
    if values["tail"]:
        out.append(f"\n{values['tail']}\n")
    return "".join(out)
