"""Note templates: Jinja2, the built-in layout as the default, a user's in a sandbox, errors
by line.

A template sees the note's values already made safe for Markdown (quotes escaped, notes
contained, YAML strings quoted) and filters to make its own (`yaml`, `md`, `quote`); a user's
cannot reach files, attributes of Python objects or anything but the values given.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.export.markdown_text import block_quote, escape_text, yaml_string
from reader.core.files import UnreadableText, read_text_file

if TYPE_CHECKING:  # Jinja2 loads with the first note: opening the app does not need it
    import jinja2

MAX_TEMPLATE_BYTES = 1 << 20
DEFAULT_NAME = "note.md.jinja"


class NoteTemplateError(ValueError):
    """A template that cannot be used: the message names the file and the line."""


@dataclass(frozen=True)
class NoteTemplate:
    """A compiled note template and where it came from (for error messages)."""

    name: str
    template: jinja2.Template

    def render(self, values: dict[str, Any]) -> str:
        """The note; a template that fails while rendering names its line."""
        import jinja2

        try:
            return self.template.render(values)
        except jinja2.TemplateError as error:
            raise NoteTemplateError(f"{self.name}{_line_of(error)}: {_message(error)}") from None


def _environment(sandboxed: bool) -> jinja2.Environment:
    """Jinja2 as notes use it; a user's template in the sandbox (the built-in one is this
    program's own code: checking its every attribute cost a third of an export)."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    kind = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    environment = kind(
        autoescape=False,  # Markdown, not HTML: values come escaped for Markdown instead
        undefined=jinja2.StrictUndefined,  # a misspelt variable is an error, not an empty line
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(yaml=yaml_string, md=escape_text, quote=block_quote)
    return environment


def _message(error: jinja2.TemplateError) -> str:
    return " ".join(str(error.message or error).split())


def _line_of(error: jinja2.TemplateError) -> str:
    """`, line N` of the template where a render failed (Jinja2 keeps template lines in the
    traceback of the failure)."""
    line = None
    trace = sys.exc_info()[2]
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return f", line {line}" if line else ""


def compile_template(source: str, name: str, sandboxed: bool = True) -> NoteTemplate:
    """A template from its text (a user's unless said otherwise: sandboxed); a syntax error
    is refused with its line."""
    import jinja2

    try:
        return NoteTemplate(name, _environment(sandboxed).from_string(source))
    except jinja2.TemplateSyntaxError as error:
        raise NoteTemplateError(f"{name}, line {error.lineno}: {_message(error)}") from None


@functools.cache
def default_template() -> NoteTemplate:
    """The built-in layout (the one documented in docs/templates.md)."""
    source = resources.files("reader.core.export").joinpath("templates", DEFAULT_NAME)
    return compile_template(
        source.read_text("utf-8"), f"the built-in {DEFAULT_NAME}", sandboxed=False
    )


def load_template(path: Path) -> NoteTemplate:
    """A user's template file; a missing, unreadable or wrong one is refused in one line."""
    try:
        text = read_text_file(path, MAX_TEMPLATE_BYTES, "template file")
    except UnreadableText as error:
        raise NoteTemplateError(str(error)) from None
    return compile_template(text, str(path))
