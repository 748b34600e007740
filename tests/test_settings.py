"""The settings file: defaults, valid values, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.annotations import Color
from reader.settings import Settings, SettingsError, load_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    """No settings file: defaults, unless the file was asked for by name."""
    assert load_settings(tmp_path / "config.toml") == Settings()
    with pytest.raises(SettingsError, match="no such settings file"):
        load_settings(tmp_path / "config.toml", required=True)


def test_values_are_read(tmp_path: Path) -> None:
    """Theme, colour, export folder and keys are read."""
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "nord"\ndefault_color = "Green"\nexport_folder = "~/notes"\n[keys]\nhighlight = "H"\n'
    )
    settings = load_settings(path)
    assert settings.theme == "nord" and settings.default_color is Color.GREEN
    assert settings.export_folder == Path("~/notes").expanduser() and settings.keys == {
        "highlight": "H"
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('theme = "nord"\ndefault_color = \n', "line 2"),
        ("colour = 'red'\n", "unknown setting 'colour'"),
        ("default_color = 'mauve'\n", "'mauve' is not one of yellow, green, blue, pink"),
        ("theme = 3\n", "'theme' must be a str"),
        ("keys = 'h'\n", "'keys' must be a dict"),
    ],
)
def test_broken_settings_are_refused(tmp_path: Path, content: str, message: str) -> None:
    """A broken file is refused whole, naming the file and the line or setting."""
    path = tmp_path / "config.toml"
    path.write_text(content)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(path) in str(caught.value) and message in str(caught.value)
