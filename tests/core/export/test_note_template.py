"""Note templates: the built-in layout is a template; a user's shapes the note, in a sandbox,
and a wrong one is refused naming its line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from reader.core.annotations import ArticleAnnotations
from reader.core.export import NoteStyle, NoteTemplateError, load_template, to_markdown
from reader.core.export.keep import KEEP_END, KEEP_START
from reader.core.export.note_template import compile_template
from tests.core.export.test_markdown import EXPORTED, _annotation, _group

HEAD = "---\narticle_id: {{ article_id|yaml }}\ntitle: {{ title|yaml }}\n---\n{{ signature }}\n"


def _group_of_two() -> ArticleAnnotations:
    return _group(
        [_annotation(1, "First *quote*.", tags=("tide pools",)), _annotation(2, "Second.")]
    )


def test_the_built_in_layout_is_the_default_template(tmp_path: Path) -> None:
    """A copy of the built-in template, used as the user's, writes the very same note."""
    builtin = resources.files("reader.core.export").joinpath("templates", "note.md.jinja")
    copy = tmp_path / "note.md.jinja"
    copy.write_text(builtin.read_text("utf-8"), encoding="utf-8")
    group = _group_of_two()
    style = NoteStyle(template=load_template(copy))
    assert to_markdown(group, EXPORTED, style) == to_markdown(group, EXPORTED)


def test_a_template_shapes_the_note() -> None:
    """Variables and filters documented in docs/templates.md: a list of quotes with colours."""
    template = compile_template(
        HEAD + "{% for section in sections %}{% for item in section.highlights %}"
        "- {{ item.quote|md }} ({{ item.color }}{% for tag in item.tags %} {{ tag }}{% endfor %})"
        " ^{{ item.block_id }}\n{% endfor %}{% endfor %}"
        "{% for text in my_notes %}{{ text }}\n{% endfor %}",
        "mine.jinja",
    )
    note = to_markdown(_group_of_two(), EXPORTED, NoteStyle(template=template))
    assert "- First \\*quote\\*. (yellow #tide-pools) ^hl-00000001\n" in note
    assert "- Second. (yellow) ^hl-00000002\n" in note


def test_the_heading_is_a_setting() -> None:
    """Obsidian shows the file name as a title already: the H1 can be left out."""
    group = _group_of_two()
    assert "\n# A title\n" in to_markdown(group, EXPORTED)
    assert "\n# A title\n" not in to_markdown(group, EXPORTED, NoteStyle(heading=False))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (HEAD + "{% for x in %}\n", "mine.jinja, line 6: Expected an expression"),
        (HEAD + "\n{{ titel }}\n", "mine.jinja, line 7: 'titel' is undefined"),
        (HEAD + "{{ item.nope }}", "mine.jinja, line 6: 'item' is undefined"),
        (HEAD + "{{ ''.__class__.__mro__ }}", "mine.jinja, line 6: access to attribute"),
        ("{{ title }}", "mine.jinja: the note must begin with front matter"),
    ],
)
def test_a_wrong_template_is_refused_naming_the_line(source: str, expected: str) -> None:
    """Syntax errors, misspelt variables and what the sandbox forbids name the template's line."""
    with pytest.raises(NoteTemplateError) as raised:
        to_markdown(
            _group_of_two(), EXPORTED, NoteStyle(template=compile_template(source, "mine.jinja"))
        )
    assert str(raised.value).startswith(expected), str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_template_that_drops_kept_text_is_refused() -> None:
    """A note whose template leaves out what the reader wrote between the markers is never
    written: the text would be gone at the next export."""
    previous = to_markdown(_group_of_two(), EXPORTED)
    previous = previous.replace(f"{KEEP_START}\n{KEEP_END}", f"{KEEP_START}\nMine.\n{KEEP_END}")
    template = compile_template(HEAD, "bare.jinja")
    with pytest.raises(NoteTemplateError, match="leaves out text written between keep markers"):
        to_markdown(_group_of_two(), EXPORTED, NoteStyle(template=template), previous)


def test_a_missing_or_binary_template_file_is_refused(tmp_path: Path) -> None:
    """One line naming the file and what is wrong with it."""
    with pytest.raises(NoteTemplateError, match="no such template file"):
        load_template(tmp_path / "absent.jinja")
    binary = tmp_path / "binary.jinja"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(NoteTemplateError, match="is not UTF-8 text"):
        load_template(binary)
