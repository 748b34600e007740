"""The user's settings file (TOML): read whole or not at all, never written by `reader`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.annotations import Color

if TYPE_CHECKING:  # export loads on first use: opening the app does not need it
    from reader.core.export import GroupBy, NoteStyle
from reader.core.files import MissingText, UnreadableText, read_text_file

MAX_SETTINGS_BYTES = 1 << 20


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the line or key."""


@dataclass(frozen=True)
class Settings:
    """What a user can set: theme, default highlight colour, export folder, key remapping."""

    theme: str = ""
    """A Textual theme name; empty means the remembered or built-in default."""
    default_color: Color = Color.YELLOW
    export_folder: Path | None = None
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id to key(s), as Textual's keymap takes them (e.g. {"highlight": "h,H"})."""
    note_template: Path | None = None
    """A Jinja2 template for Markdown notes (None: the built-in layout)."""
    note_heading: bool = True
    """Notes begin with the title as a heading (Obsidian shows the file name as one already)."""
    library_folder: Path | None = None
    """Where saved web pages and added files are kept (None: the user data folder's)."""
    path: Path | None = field(default=None, compare=False)
    """The file these settings were read from (None: no file, the defaults)."""
    modified: float = field(default=0.0, compare=False)
    """When that file was last changed (a theme picked in the app after it wins over its own)."""

    def note_style(self, group_by: GroupBy | None = None) -> NoteStyle:
        """How notes are written with these settings; a bad template raises NoteTemplateError."""
        from reader.core.export import GroupBy, NoteStyle, load_template

        group_by = group_by or GroupBy.POSITION
        template = load_template(self.note_template) if self.note_template is not None else None
        return NoteStyle(group_by=group_by, heading=self.note_heading, template=template)


_KNOWN = {
    "theme",
    "default_color",
    "export_folder",
    "keys",
    "note_template",
    "note_heading",
    "library_folder",
}


def _expect(value: Any, kind: type, name: str, path: Path) -> Any:
    if not isinstance(value, kind):
        raise SettingsError(
            f"{path}: setting '{name}' must be a {kind.__name__}, not {type(value).__name__}"
        )
    return value


def load_settings(path: Path, required: bool = False) -> Settings:
    """Read the settings at `path`; a missing file gives defaults unless it was asked for."""
    try:
        data = tomllib.loads(read_text_file(path, MAX_SETTINGS_BYTES, "settings file"))
    except MissingText as error:
        if required:
            raise SettingsError(str(error)) from None
        return Settings()
    except UnreadableText as error:
        raise SettingsError(str(error)) from None
    except tomllib.TOMLDecodeError as error:
        # tomllib reports "message (at line N, column M)": keep it, it names the line.
        message = re.sub(r"\s+", " ", str(error))
        raise SettingsError(f"{path}: is not valid TOML: {message}") from None
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        known = ", ".join(sorted(_KNOWN))
        raise SettingsError(f"{path}: unknown setting '{unknown[0]}' (known settings: {known})")
    color_name = _expect(data.get("default_color", "yellow"), str, "default_color", path)
    try:
        color = Color(color_name.lower())
    except ValueError:
        names = ", ".join(item.value for item in Color)
        raise SettingsError(f"{path}: default_color {color_name!r} is not one of {names}") from None
    folder = data.get("export_folder")
    template = data.get("note_template")
    library = data.get("library_folder")
    keys = _expect(data.get("keys", {}), dict, "keys", path)
    for binding_id, key in keys.items():
        _expect(key, str, f"keys.{binding_id}", path)
    return Settings(
        theme=_expect(data.get("theme", ""), str, "theme", path),
        default_color=color,
        export_folder=Path(_expect(folder, str, "export_folder", path)).expanduser()
        if folder
        else None,
        keys=dict(keys),
        note_template=Path(_expect(template, str, "note_template", path)).expanduser()
        if template
        else None,
        note_heading=_expect(data.get("note_heading", True), bool, "note_heading", path),
        library_folder=Path(_expect(library, str, "library_folder", path)).expanduser()
        if library
        else None,
        path=path,
        modified=_modified(path),
    )


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
