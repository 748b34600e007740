"""`reader db`: where the database is, and putting a backup back."""

from __future__ import annotations

from pathlib import Path

import click

from reader.cli.common import (
    BadInput,
    examples,
    global_options,
    open_store,
    plural,
    read_settings,
    reports_errors,
    root_option,
    say,
)
from reader.core.articles.text import display_path
from reader.paths import database_path


@click.group(
    "db",
    short_help="Where the database is; put a backup back; compact it.",
    epilog=examples(
        "reader db path",
        "reader db compact            # before copying or editing the file by hand",
        "reader db restore            # after a damaged database is reported",
        "reader db restore FILE.bak2 # a backup of your choice",
    ),
)
def db_group() -> None:
    """Look after the annotation database: where it is, putting a backup back, compacting."""


@db_group.command("path", short_help="Print the database in use.")
@global_options
@reports_errors
def db_path_command(db: Path | None, config: Path | None) -> None:
    """Print the path of the database in use."""
    read_settings(config)
    click.echo(display_path(database_path(root_option("db", db))))


@db_group.command(
    "compact",
    short_help="Fold the journal into the database file.",
    epilog=examples("reader db compact", "reader db compact --db notes.json"),
)
@global_options
@reports_errors
def db_compact_command(db: Path | None, config: Path | None) -> None:
    """Fold the saves in the journal (FILE.journal) into the database file itself.

    Each save is a line appended to the journal beside the database; reader folds it in on its
    own as it grows. Compact before copying the database file alone or editing it by hand.
    """
    read_settings(config)
    store = open_store(db)
    if store.path is None or not store.path.exists():
        raise BadInput(f"there is no database at {display_path(store.path or '')} to compact")
    store.compact()
    say(f"compacted {display_path(store.path)}: the journal's saves are in the file")


@db_group.command(
    "restore",
    short_help="Put a backup back in place.",
    epilog=examples(
        "reader db restore",
        "reader db restore --db notes.json notes.json.bak1",
        "reader db restore --force      # roll back a database that reads fine",
    ),
)
@click.argument("backup", required=False, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Restore even though the database reads fine.")
@global_options
@reports_errors
def db_restore_command(
    backup: Path | None, force: bool, db: Path | None, config: Path | None
) -> None:
    """Put a backup (default: the newest readable one) back in place of the database.

    The file it replaces is kept beside it, never deleted. A database that reads fine is
    only rolled back with --force or a named backup. A damaged journal (the file itself
    reads) is repaired instead: the file and the saves before the damaged line are kept,
    the journal beside them.
    """
    from reader.core.store import StoreError
    from reader.core.store.backups import all_backups, describe_backup

    read_settings(config)
    store = open_store(db)
    if backup is None and not force and store.path is not None and store.path.exists():
        try:
            store.annotations()
        except StoreError:
            pass  # damaged: what restore is for
        else:
            backups = "; ".join(describe_backup(path) for path in all_backups(store.path))
            raise BadInput(
                f"{store.path} reads fine: restoring would roll back your latest changes;"
                f" name a backup or add --force (backups: {backups or 'none'})"
            )
    if backup is None:  # a damaged journal: the file and the saves before the damage stay
        try:
            repaired = store.repair_journal()
        except StoreError:
            repaired = None  # the file itself is damaged: a backup is what is left
        if repaired is not None:
            count, journal = repaired
            say(
                f"repaired {store.path}: kept it and the {count} change{plural(count)} its"
                f" journal saved before the damaged line; the journal was kept as {journal}"
            )
            return
    used, kept = store.restore_backup(backup)
    aside = f"; the replaced file was kept as {kept}" if kept is not None else ""
    say(f"restored {store.path} from {used}{aside}")


@db_group.command(
    "deleted",
    short_help="List deleted annotations; bring some back.",
    epilog=examples(
        "reader db deleted",
        "reader db deleted --restore 08b95ccd     # by id, or its first 8 characters",
        "reader db deleted --restore-all",
    ),
)
@click.option(
    "--restore", "wanted", multiple=True, metavar="ID", help="Bring back this annotation."
)
@click.option("--restore-all", is_flag=True, help="Bring back every deleted annotation.")
@click.option("--json", "as_json", is_flag=True, help="List them as JSON on stdout.")
@global_options
@reports_errors
def db_deleted_command(
    wanted: tuple[str, ...],
    restore_all: bool,
    as_json: bool,
    db: Path | None,
    config: Path | None,
) -> None:
    """List the annotations deleted in reader (kept so that an import never brings them back),
    or bring some back as they were."""
    from reader.cli.deleted import list_deleted, restore_deleted

    read_settings(config)
    store = open_store(db)
    if wanted or restore_all:
        restore_deleted(store, wanted, restore_all)
    else:
        list_deleted(store, as_json)
