"""`reader db`: where the database is, and putting a backup back."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import global_options, open_store, reports_errors, root_option, say
from reader.core.articles.text import display_path
from reader.paths import database_path


@click.group("db")
def db_group() -> None:
    """Look after the annotation database: where it is, and putting a backup back."""


@db_group.command("path")
@global_options
def db_path_command(db: Path | None, config: Path | None) -> None:
    """Print the path of the database in use."""
    click.echo(display_path(database_path(root_option("db", db))))


@db_group.command("restore")
@click.argument("backup", required=False, type=click.Path(path_type=Path))
@global_options
@reports_errors
def db_restore_command(backup: Path | None, db: Path | None, config: Path | None) -> None:
    """Put a backup (default: the newest readable one) back in place of the database.

    The file it replaces is kept beside it, never deleted.
    """
    store = open_store(db)
    used, kept = store.restore_backup(backup)
    aside = f"; the replaced file was kept as {kept}" if kept is not None else ""
    say(f"restored {store.path} from {used}{aside}")
