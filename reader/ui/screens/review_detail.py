"""How the review screen shows its entries: one line each in the list, the marked one in full
(its quote as made, the text it is attached to now, and the words that changed)."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from reader.core.anchoring import Anchor
from reader.core.anchoring.word_diff import word_diff
from reader.core.articles.text import collapse_whitespace, strip_unsafe, strip_unsafe_keep_newlines
from reader.core.library.review import MISSING, ReviewEntry, ReviewGroup
from reader.ui.widgets.annotation_entry import entry_parts, fit

LINE_QUOTE = 60
"""Cells of the quote on an entry's line in the list."""

_MARKS = {"orphan": "✕ orphan", "fuzzy": "~", "moved": "↕ moved", MISSING: "? file gone"}


def local_time(timestamp: str) -> str:
    """An ISO UTC time as the local date and minute ("" for none)."""
    if not timestamp:
        return ""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def status_text(entry: ReviewEntry) -> str:
    """The entry's status in a few characters: `~ 0.82`, `↕ moved`, `✕ orphan`."""
    mark = _MARKS[entry.status]
    return f"~ {entry.score:.2f}" if entry.status == "fuzzy" else mark


def group_heading(group: ReviewGroup) -> Content:
    """An article's heading in the list: its title, and when its file changed (or that it is
    gone)."""
    title = strip_unsafe(collapse_whitespace(group.title)) or group.article_id
    when = (
        "file gone"
        if group.missing
        else f"changed {local_time(group.changed) or 'at an unknown time'}"
    )
    return Content.assemble((fit(title, 70), "bold $reader-strong"), (f"  {when}", "$reader-muted"))


def entry_line(entry: ReviewEntry, width: int = LINE_QUOTE + 12) -> Content:
    """One entry in the list on one row of `width` cells: status, then the quote as made."""
    quote, _, _ = entry_parts(strip_unsafe(entry.quote), "", ())
    status = f"  {status_text(entry):<11} "
    return Content.assemble((status, "bold"), fit(quote, max(10, width - len(status) - 1)))


def _section(title: str) -> Content:
    return Content.styled(title, "bold $reader-strong")


def entry_detail(
    group: ReviewGroup,
    entry: ReviewEntry,
    place: Anchor | None,
    shown: int,
    places: int,
    text: str | None,
) -> Content:
    """Everything about the marked entry: where it is, what it was made on, what changed."""
    annotation = entry.annotation
    title = strip_unsafe(collapse_whitespace(group.title)) or group.article_id
    facts = [status_text(entry)]
    if entry.status == "moved":
        facts.append(f"{entry.distance:,} characters from where it was made")
    facts.append(title)
    if group.missing:
        facts.append(f"file gone, last at {group.last_path}" if group.last_path else "file gone")
    else:
        facts.append(f"changed {local_time(group.changed) or '?'}")
    parts: list[Content | tuple[str, str] | str] = [
        Content.styled(" · ".join(facts), "bold"),
        "\n\n",
        _section("As it was made"),
        "\n",
        f"“{strip_unsafe(collapse_whitespace(entry.quote))}”",
        "\n\n",
    ]
    current = entry.current
    heading = "Attached to now"
    if place is not None and text is not None:
        current = text[place.start : place.end]
        heading = f"Place {shown + 1} of {places} · score {place.score:.2f}"
    if current:
        parts += [_section(heading), "\n", f"“{strip_unsafe(collapse_whitespace(current))}”"]
        parts += ["\n\n", _section("What changed"), "\n"]
        runs = word_diff(collapse_whitespace(entry.quote), collapse_whitespace(current))
        if all(kind == "same" for kind, _ in runs):
            parts.append(
                Content.styled("The words are the same; only their place moved.", "italic")
            )
        for kind, words in runs:
            words = strip_unsafe(words)
            # wdiff's marks, so that the change reads without colour too
            if kind == "removed":
                parts.append(Content.styled(f"[-{words}-]", "strike $reader-removed"))
            elif kind == "added":
                parts.append(Content.styled(f"{{+{words}+}}", "underline $reader-added"))
            elif kind == "same" and len(runs) > 1:
                parts.append(words)
        parts.append("\n\n")
    elif entry.status == MISSING:
        parts += [_section("Attached to now"), "\n", "Nothing: the article's file is gone.\n\n"]
    else:
        parts += [
            _section("Attached to now"),
            "\n",
            "Nothing: these words are no longer in the article.\n\n",
        ]
    if annotation.note.strip():
        parts += [
            _section("Note"),
            "\n",
            strip_unsafe_keep_newlines(annotation.note.strip()),
            "\n\n",
        ]
    if annotation.tags:
        _, _, tags = entry_parts("", "", annotation.tags)
        parts += [_section("Tags"), "  ", strip_unsafe(tags), "\n\n"]
    parts += [_section("Colour"), f"  {annotation.color.value}"]
    if annotation.former:
        parts += ["\n\n", _section(f"Earlier passages ({len(annotation.former)})")]
        for former in annotation.former:
            quote = strip_unsafe(collapse_whitespace(former.exact))
            parts.append(f"\n“{fit(quote, 70)}” · {former.why} {local_time(former.until)}")
    return Content.assemble(*parts)
