"""Where `reader` keeps and finds its files: the database, settings, styles, sample articles."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path, user_documents_path

APP_NAME = "reader"
DATABASE_ENV = "READER_DB"
"""Environment variable naming the database file (the --db option wins over it)."""

_PACKAGE = Path(__file__).parent


def _bundled(name: str) -> Path:
    """A folder shipped inside the wheel, or the same folder at the top of a checkout."""
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def styles_dir() -> Path:
    """The folder of the app's TCSS files."""
    return _bundled("styles")


def sample_articles_dir() -> Path:
    """The bundled sample articles, opened when `reader` is run with no path."""
    return _bundled("sample_articles")


def default_database_path() -> Path:
    """`annotations.json` in the platform's user data folder (not created here)."""
    return user_data_path(APP_NAME, appauthor=False) / "annotations.json"


def database_path(option: Path | None) -> Path:
    """The database to use: --db, else $READER_DB, else the default."""
    if option is not None:
        return option
    from_env = os.environ.get(DATABASE_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_database_path()


def default_config_path() -> Path:
    """`config.toml` in the platform's user config folder."""
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_export_folder() -> Path:
    """Where the app writes Markdown notes unless the settings name a folder."""
    return user_documents_path() / "reader notes"


def default_library_folder() -> Path:
    """Where saved web pages and added files are kept unless `library_folder` says."""
    return user_data_path(APP_NAME, appauthor=False) / "library"


def article_cache_dir() -> Path:
    """Where long articles' parses are kept (a cache: anything there may be deleted)."""
    return user_cache_path(APP_NAME, appauthor=False) / "articles"


def state_path() -> Path:
    """The app's own remembered state (the theme chosen in the palette), beside the data."""
    return user_data_path(APP_NAME, appauthor=False) / "state.json"
