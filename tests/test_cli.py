"""The command line: shape, options, exit statuses and one-line errors."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reader import __version__
from reader.cli import cli
from reader.core.anchoring import make_target
from reader.core.annotations import Annotation
from reader.core.library import Library
from reader.core.store import AnnotationStore
from tests.conftest import AP_ARTICLE, HTML_ARTICLE, MD_ARTICLE

SENTENCE = "Three were released from custody and one was still in custody."


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run `reader` in-process with separate stdout and stderr."""
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_version_and_help() -> None:
    """--version prints the version; --help shows the path form and every command."""
    assert run("--version").output.strip() == f"reader, version {__version__}"
    help_text = run("--help").output
    assert "[PATH]..." in help_text
    for command in ("export", "import", "list", "tags", "search", "db"):
        assert command in help_text


def test_no_argument_opens_the_samples(opened: list[Any], tmp_path: Path) -> None:
    """`reader` alone opens the four bundled sample articles, one of each format."""
    result = run("--db", str(tmp_path / "db.json"))
    assert result.exit_code == 0, result.stderr
    [app] = opened
    assert sorted(entry.path.suffix for entry in app.entries) == [".html", ".md", ".txt", ".txt"]


def test_db_restore_after_a_damaged_journal_keeps_the_saves_before_the_damage(
    tmp_path: Path,
) -> None:
    """The message's restore keeps the highlight saved before the damaged journal line (a
    backup restore had none of it) and says what it kept and where the journal went."""
    database = tmp_path / "db.json"
    store = AnnotationStore.open(database)
    library = Library(store)
    article = library.open(AP_ARTICLE)
    start = article.text.index(SENTENCE)
    for number in range(3):
        store.add(
            Annotation(
                f"{number:08x}-0000-4000-8000-000000000000",
                article.id,
                make_target(article.text, start, start + len(SENTENCE), article.hash),
                note=f"note {number}",
            )
        )
    assert store.journal is not None
    lines = store.journal.read_bytes().splitlines(keepends=True)
    lines[-2] = lines[-2].replace(b"note 1", b"note 9")  # the second highlight's save
    store.journal.write_bytes(b"".join(lines))
    refused = run("list", "--db", str(database))
    assert refused.exit_code == 1 and "saves before the damaged line" in refused.stderr
    repaired = run("db", "restore", "--db", str(database))
    assert repaired.exit_code == 0, repaired.stderr
    assert "kept it and the" in repaired.stderr and ".journal.damaged-" in repaired.stderr
    notes = [item.note for item in AnnotationStore.open(database).annotations()]
    assert notes == ["note 0"]  # (the saves after the damaged line are in the kept journal)


def test_no_argument_opens_no_samples_once_the_library_has_the_readers_own(
    opened: list[Any], tmp_path: Path
) -> None:
    """Once the reader has opened articles of their own, `reader` alone lists those, without
    adding the samples to them (they were added, for good, to a library of 5,000)."""
    own = tmp_path / "mine"
    own.mkdir()
    shutil.copy(MD_ARTICLE, own / "tide.md")
    database = tmp_path / "db.json"
    Library(AnnotationStore.open(database)).open(own / "tide.md")
    result = run("--db", str(database))
    assert result.exit_code == 0, result.stderr
    [app] = opened
    assert [entry.path for entry in app.entries] == [own / "tide.md"]


def test_paths_open_and_a_file_named_like_a_command(
    opened: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any non-command first argument is a path; ./export opens a file called export."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(AP_ARTICLE, tmp_path / "export")
    result = run("./export", "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 0, result.stderr
    assert opened[0].articles[0].title.startswith("Denver officials")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        ("nul.md", b"abc\x00def", "NUL bytes"),
    ],
)
def test_bad_paths_exit_2_with_one_line(
    opened: list[Any], tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    """Unopenable files exit 2 with one line naming the file and reason, no traceback, no app."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(str(path), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and name in result.stderr and reason in result.stderr
    assert "Traceback" not in result.stderr and not opened


def test_folder_without_articles(opened: list[Any], tmp_path: Path) -> None:
    """A folder with no articles exits 2."""
    (tmp_path / "empty").mkdir()
    result = run(str(tmp_path / "empty"))
    assert result.exit_code == 2 and "has no articles" in result.stderr


def test_db_option_before_or_after_and_env_precedence(annotated_db: Path, tmp_path: Path) -> None:
    """--db works before or after the command and beats READER_DB, which beats the default."""
    other = tmp_path / "other.json"
    before = run("--db", str(annotated_db), "tags", env={"READER_DB": str(other)})
    after = run("tags", "--db", str(annotated_db), env={"READER_DB": str(other)})
    from_env = run("tags", env={"READER_DB": str(annotated_db)})
    assert before.output == after.output == from_env.output == "    1  Custody\n    1  ICE\n"
    assert run("db", "path", env={"READER_DB": str(other)}).output.strip() == str(other)
    assert run(
        "--db", str(annotated_db), "db", "path", env={"READER_DB": str(other)}
    ).output.strip() == str(annotated_db)
    assert not other.exists()


def test_default_database_is_in_the_user_data_folder(tmp_path: Path) -> None:
    """Without --db or READER_DB the database is annotations.json in the user data folder."""
    path = Path(run("db", "path").output.strip())
    assert path.name == "annotations.json" and "reader" in path.parts


def test_export_json_to_stdout_and_file(annotated_db: Path, tmp_path: Path) -> None:
    """Export prints only JSON on stdout; with -o it writes the file and says so on stderr."""
    result = run("export", "--format", "json", "--db", str(annotated_db))
    assert result.exit_code == 0 and result.stderr == ""
    collection = json.loads(result.stdout)
    assert collection["total"] == 1
    out = tmp_path / "out.json"
    result = run("export", "--format", "json", "--db", str(annotated_db), "-o", str(out))
    assert json.loads(out.read_text()) == collection
    assert "exported 1 annotation from 1 article" in result.stderr and result.stdout == ""


def test_export_of_a_path_without_annotations(annotated_db: Path) -> None:
    """A loadable PATH with no annotations gives an empty collection and exit 0."""
    result = run("export", "--format", "json", str(MD_ARTICLE), "--db", str(annotated_db))
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] == 0


def test_read_only_commands_on_a_missing_database_create_nothing(tmp_path: Path) -> None:
    """export, list, tags and search on a missing database print empty results and write nothing."""
    db = tmp_path / "none" / "db.json"
    assert json.loads(run("export", "--format", "json", "--db", str(db)).stdout)["total"] == 0
    assert (
        json.loads(run("export", "--format", "json", str(AP_ARTICLE), "--db", str(db)).stdout)[
            "total"
        ]
        == 0
    )
    assert run("export", "--db", str(db)).stdout == ""
    assert json.loads(run("list", "--json", "--db", str(db)).stdout) == []
    assert json.loads(run("tags", "--json", "--db", str(db)).stdout) == []
    assert json.loads(run("search", "x", "--json", "--db", str(db)).stdout) == []
    assert not db.parent.exists()


def test_import_round_trip_and_summary(annotated_db: Path, tmp_path: Path) -> None:
    """Import prints its summary on stderr and is idempotent."""
    exported = tmp_path / "backup.json"
    run("export", "--format", "json", "--db", str(annotated_db), "-o", str(exported))
    fresh = tmp_path / "fresh.json"
    first = run("import", str(exported), "--db", str(fresh))
    assert first.exit_code == 0 and first.stderr == "imported 1, updated 0, unchanged 0\n"
    second = run("--db", str(fresh), "import", str(exported))
    assert second.stderr == "imported 0, updated 0, unchanged 1\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("{oops", "not valid JSON"), ("[1]", "item 1:")],
)
def test_bad_import_files_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    """A missing or malformed import file exits 2 with one line and writes nothing."""
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content)
    db = tmp_path / "db.json"
    result = run("import", str(path), "--db", str(db))
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
    assert not db.exists()


def test_list_tags_search(annotated_db: Path) -> None:
    """list, tags and search show what is stored, as text and as JSON; escapes never print."""
    listed = json.loads(run("list", "--json", "--db", str(annotated_db)).stdout)
    assert [(row["title"][:6], row["highlights"], row["missing"]) for row in listed] == [
        ("Denver", 1, False)
    ]
    assert json.loads(run("tags", "--json", "--db", str(annotated_db)).stdout) == [
        {"tag": "Custody", "count": 1},
        {"tag": "ICE", "count": 1},
    ]
    for query in ("released  FROM", "custody", "WHEN"):
        hits = json.loads(run("search", query, "--json", "--db", str(annotated_db)).stdout)
        assert [hit["id"] for hit in hits] == ["00000000-0000-4000-8000-000000000001"]
    text = run("search", "when", "--db", str(annotated_db)).stdout
    assert "Released *when*?" in text and "#Custody #ICE" in text and "\x1b" not in text
    assert run("search", "   ", "--db", str(annotated_db)).exit_code == 2


def test_corrupt_database_exits_1_naming_backup_and_restore(annotated_db: Path) -> None:
    """A damaged database is refused (exit 1) and `reader db restore` puts the backup back."""
    import os

    store = AnnotationStore.open(annotated_db)
    [annotation] = store.annotations()
    newest = annotated_db.with_name("db.json.bak1")
    os.utime(newest, (0, 0))  # long ago: the next edit keeps the state with the annotation
    store.update(annotation)
    annotated_db.write_text("{ not json")
    result = run("list", "--db", str(annotated_db))
    assert (
        result.exit_code == 1 and "reader db restore" in result.stderr and ".bak1" in result.stderr
    )
    assert annotated_db.read_text() == "{ not json"
    restored = run("db", "restore", "--db", str(annotated_db))
    assert restored.exit_code == 0 and "kept as" in restored.stderr
    assert json.loads(run("list", "--json", "--db", str(annotated_db)).stdout)[0]["highlights"] == 1


def test_restore_refuses_to_roll_back_a_database_that_reads_fine(annotated_db: Path) -> None:
    """`reader db restore` on a healthy database silently rolled it back: refused, listing the
    backups with their times, unless --force or a backup is named."""
    before = annotated_db.read_bytes()
    refused = run("db", "restore", "--db", str(annotated_db))
    assert refused.exit_code == 2 and "reads fine" in refused.stderr and "--force" in refused.stderr
    assert ".bak1" in refused.stderr and "saved" in refused.stderr
    assert annotated_db.read_bytes() == before
    forced = run("db", "restore", "--force", "--db", str(annotated_db))
    assert forced.exit_code == 0 and "kept as" in forced.stderr


def test_corrupt_database_refused_before_the_app_starts(
    opened: list[Any], annotated_db: Path
) -> None:
    """Opening articles with a damaged database fails with exit 1 before any screen appears."""
    annotated_db.write_text("{ not json")
    result = run(str(AP_ARTICLE), "--db", str(annotated_db))
    assert result.exit_code == 1 and not opened


def test_unknown_option_is_a_usage_error() -> None:
    """Usage errors exit 2."""
    assert run("--no-such-option").exit_code == 2
    assert run("export", "--format", "docx").exit_code == 2


def test_broken_settings_file_stops_the_app(opened: list[Any], tmp_path: Path) -> None:
    """A settings file that is not TOML exits 2 naming the line; the app does not start."""
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\ndefault_color = \n')
    result = run(str(AP_ARTICLE), "--config", str(config), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 2 and "line 2" in result.stderr and not opened


@pytest.fixture
def two_articles_db(tmp_path: Path) -> Path:
    """A database with highlights on two articles: colours, tags and times differ."""
    from datetime import UTC, datetime

    from tests.conftest import FixedClock

    db = tmp_path / "two.json"
    clock = FixedClock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    library = Library(AnnotationStore.open(db, clock))
    for path, quote, color, tags in (
        (AP_ARTICLE, SENTENCE, "pink", ("Custody",)),
        (AP_ARTICLE, "Henry Lucero", "yellow", ("people",)),
        (MD_ARTICLE, "keystone species", "green", ("ecology", "custody")),
    ):
        article = library.open(path)
        start = article.text.index(quote)
        from reader.core.annotations import Color

        library.store.add(
            Annotation(
                id=f"{len(library.store.annotations()):08d}-0000-4000-8000-000000000000",
                article_id=article.id,
                target=make_target(article.text, start, start + len(quote), article.hash),
                color=Color(color),
                tags=tags,
            )
        )
    return db


def test_markdown_export_to_stdout_is_the_default(two_articles_db: Path) -> None:
    """Without --format, notes in title order go to stdout, one per annotated article."""
    result = run("export", "--db", str(two_articles_db))
    assert result.exit_code == 0
    notes = result.stdout.split("\n---\ntitle: ")
    assert len(notes) == 2
    assert result.stdout.index("# Denver officials") < result.stdout.index("# Reading a Tide Pool")
    assert SENTENCE in result.stdout and "^hl-00000000" in result.stdout


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--tag", "custody"], {"00000000", "00000002"}),
        (["--tag", "PEOPLE", "--tag", "ecology"], {"00000001", "00000002"}),
        (["--color", "pink"], {"00000000"}),
        (["--color", "pink", "--color", "green"], {"00000000", "00000002"}),
        (["--tag", "custody", "--color", "green"], {"00000002"}),
        (["--since", "2026-03-01T12:00"], {"00000000", "00000001", "00000002"}),
        (["--since", "2099-01-01"], set()),
    ],
)
def test_export_filters(two_articles_db: Path, options: list[str], expected: set[str]) -> None:
    """Repeats of an option are ORed, different options ANDed; tags ignore case."""
    result = run("export", "--format", "json", *options, "--db", str(two_articles_db))
    assert result.exit_code == 0, result.stderr
    found = {
        item["id"].removeprefix("urn:uuid:")[:8]
        for item in json.loads(result.stdout)["first"]["items"]
    }
    assert found == expected
    markdown = run("export", *options, "--db", str(two_articles_db)).stdout
    assert {line[4:12] for line in markdown.splitlines() if line.startswith("^hl-")} == expected


def test_export_to_a_folder_and_again(two_articles_db: Path, tmp_path: Path) -> None:
    """-o FOLDER/ writes one note per article; a second export updates nothing that did not change."""
    folder = tmp_path / "vault" / "reader"
    first = run("export", "--db", str(two_articles_db), "-o", f"{folder}/")
    assert first.exit_code == 0 and "2 written" in first.stderr
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        "Denver officials won’t hand over information sought by ICE.md",
        "Reading a Tide Pool - What Lives Between the Tides.md",
    ]
    again = run("export", "--db", str(two_articles_db), "-o", str(folder))
    assert again.exit_code == 0 and "2 unchanged" in again.stderr


def test_export_to_one_file(two_articles_db: Path, tmp_path: Path) -> None:
    """-o FILE takes one article; with more it says how to export them all."""
    single = tmp_path / "note.md"
    result = run("export", str(MD_ARTICLE), "--db", str(two_articles_db), "-o", str(single))
    assert result.exit_code == 0 and single.read_text().startswith("---\ntitle:")
    many = run("export", "--db", str(two_articles_db), "-o", str(tmp_path / "all.md"))
    assert (
        many.exit_code == 2 and "ending in /" in many.stderr and not (tmp_path / "all.md").exists()
    )


def test_export_refuses_to_overwrite_a_users_file(two_articles_db: Path, tmp_path: Path) -> None:
    """A note of the user's with the same name is left alone; the export says so and exits 1."""
    folder = tmp_path / "notes"
    folder.mkdir()
    mine = folder / "Reading a Tide Pool - What Lives Between the Tides.md"
    mine.write_text("my own\n")
    result = run("export", "--db", str(two_articles_db), "-o", str(folder))
    assert result.exit_code == 1 and "not written by reader" in result.stderr
    assert mine.read_text() == "my own\n"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "yesterday"], "use YYYY-MM-DD"),
        (["--color", "mauve"], "mauve"),
        (["--group", "size"], "size"),
    ],
)
def test_export_bad_options_exit_2(two_articles_db: Path, options: list[str], message: str) -> None:
    """Bad filter values are usage errors with a clear message."""
    result = run("export", *options, "--db", str(two_articles_db))
    assert result.exit_code == 2 and message in result.stderr


def test_export_grouped_by_colour(two_articles_db: Path) -> None:
    """--group color makes a section per colour."""
    result = run("export", "--group", "color", str(AP_ARTICLE), "--db", str(two_articles_db))
    assert result.stdout.index("## Yellow") < result.stdout.index("## Pink")


def test_json_shapes_of_list_tags_and_search(two_articles_db: Path) -> None:
    """--json output has stable keys, sorted rows, and nothing else on stdout."""
    listed = json.loads(run("list", "--json", "--db", str(two_articles_db)).stdout)
    keys = [
        "author",
        "highlights",
        "id",
        "kind",
        "last_opened",
        "missing",
        "path",
        "progress",
        "title",
    ]
    assert [sorted(row) for row in listed] == [keys] * 2  # progress and last opened, as the library
    assert [row["highlights"] for row in listed] == [2, 1]
    table = run("list", "--db", str(two_articles_db)).stdout.splitlines()
    assert table[0].split() == ["Highlights", "Read", "Opened", "Title", "File"]
    starts = {line.index(line.split()[3]) for line in table[1:]}  # titles in one column
    assert len(table) == 3 and len(starts) == 1
    tags = json.loads(run("tags", "--json", "--db", str(two_articles_db)).stdout)
    assert tags == [
        {"tag": "Custody", "count": 2},
        {"tag": "ecology", "count": 1},
        {"tag": "people", "count": 1},
    ]
    hits = json.loads(run("search", "custody", "--json", "--db", str(two_articles_db)).stdout)
    assert [sorted(hit) for hit in hits] == [
        ["article_id", "article_title", "color", "id", "note", "quote", "tags"]
    ] * 2
    assert {hit["color"] for hit in hits} == {"pink", "green"}


def test_search_without_matches_and_missing_query() -> None:
    """No match prints nothing and exits 0; a missing query is a usage error."""
    nothing = run("search", "zzz-nothing")
    assert nothing.exit_code == 0 and nothing.stdout == ""
    assert nothing.stderr.strip() == "reader: no annotation matches 'zzz-nothing'"
    assert run("search").exit_code == 2


def test_unknown_binding_in_settings_stops_the_app(opened: list[Any], tmp_path: Path) -> None:
    """A [keys] entry naming no binding is refused with the known ids; the app does not start."""
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nhighlite = "H"\n')
    result = run(str(AP_ARTICLE), "--config", str(config), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 2 and "highlite" in result.stderr and "highlight" in result.stderr
    assert not opened


def test_two_actions_on_one_key_are_refused_naming_both(opened: list[Any], tmp_path: Path) -> None:
    """`highlight = "h"` with `quit = "h"` was accepted (then only ctrl+q quit): refused,
    naming the key and both bindings; a remap onto a free key is fine."""
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nquit = "h"\n')
    result = run(str(AP_ARTICLE), "--config", str(config), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 2 and not opened
    assert "'h'" in result.stderr and "quit" in result.stderr and "highlight" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_theme_is_refused_with_the_themes(opened: list[Any], tmp_path: Path) -> None:
    """`theme = "no-such-theme"` was silently ignored: refused, listing the themes."""
    config = tmp_path / "config.toml"
    config.write_text('theme = "no-such-theme"\n')
    result = run(str(AP_ARTICLE), "--config", str(config), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 2 and not opened
    assert "no-such-theme" in result.stderr and "textual-light" in result.stderr


def test_opening_a_new_file_writes_nothing_before_the_app_shows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first open of a file creates no database and takes no lock before the app runs:
    the app's saver records the file once its text is on screen."""
    from reader.ui.app import ReaderApp

    db = tmp_path / "db.json"
    seen: list[list[str]] = []
    monkeypatch.setattr("reader.cli.opening.terminal_problem", lambda: None)
    monkeypatch.setattr(
        ReaderApp,
        "run",
        lambda self, *a, **k: seen.append(sorted(p.name for p in tmp_path.iterdir())),
    )
    result = run(str(AP_ARTICLE), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert seen == [[]]


def test_several_paths_open_a_library_of_just_them(opened: list[Any], tmp_path: Path) -> None:
    """Two files open the library limited to them; a folder opens it with every known article."""
    result = run(str(AP_ARTICLE), str(MD_ARTICLE), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 0, result.stderr
    assert sorted(entry.path.name for entry in opened[-1].entries) == [
        "denver-ice-ap.txt",
        "tide-pools.md",
    ]
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(HTML_ARTICLE, folder / "page.html")
    run(str(folder), "--db", str(tmp_path / "db.json"))
    names = sorted(entry.path.name for entry in opened[-1].entries if entry.path is not None)
    assert names == ["denver-ice-ap.txt", "page.html", "tide-pools.md"]  # known ones too


def test_json_export_refuses_a_folder(annotated_db: Path, tmp_path: Path) -> None:
    """JSON goes to one file: a folder for -o is a usage error, and nothing is written."""
    result = run("export", "--format", "json", "--db", str(annotated_db), "-o", f"{tmp_path}/out/")
    assert result.exit_code == 2 and "give a file name" in result.stderr
    assert not (tmp_path / "out").exists()


def test_search_for_a_tag_agrees_with_the_app(annotated_db: Path) -> None:
    """`reader search '#ICE'` finds the annotation tagged ICE, as ctrl+f in the app does."""
    from reader.core.library import search_library

    result = run("search", "#ICE", "--db", str(annotated_db))
    assert result.exit_code == 0 and SENTENCE in result.stdout
    as_json = json.loads(run("search", "#ice", "--json", "--db", str(annotated_db)).stdout)
    assert [hit["quote"] for hit in as_json] == [SENTENCE]
    in_app = search_library(AnnotationStore.open(annotated_db), "#ICE")
    assert [hit.annotation.id for hit in in_app] == [hit["id"] for hit in as_json]
    assert run("search", "#IC", "--db", str(annotated_db)).stdout == ""  # a tag, not a prefix


def test_export_to_a_fifo_or_device_writes_into_it(annotated_db: Path, tmp_path: Path) -> None:
    """`-o` naming a FIFO (or a device) writes the bytes into it; it is never replaced."""
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader_thread = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader_thread.start()
    result = run("export", "--format", "json", "-o", str(fifo), "--db", str(annotated_db))
    reader_thread.join(10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["total"] == 1
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return  # making a device node needs root
    for output_format in ("json", "markdown"):
        run("export", "--format", output_format, "-o", str(device), "--db", str(annotated_db))
        assert stat.S_ISCHR(device.stat().st_mode), output_format


def test_a_fifo_as_the_database_is_one_line(tmp_path: Path) -> None:
    """READER_DB naming a FIFO: one line, exit 1, and the FIFO is left as it was."""
    import os

    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    result = run("list", env={"READER_DB": str(fifo)})
    assert result.exit_code == 1 and "FIFO" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_one_bad_annotation_does_not_refuse_the_file(tmp_path: Path) -> None:
    """The good annotations are imported; each refused one is listed with its number and the
    W3C rule it breaks; exit 1. `bodyValue` notes are kept."""
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {
            "type": "AnnotationPage",
            "items": [
                {
                    "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
                    "type": "Annotation",
                    "bodyValue": "a plain note",
                    "target": {"selector": {"type": "TextQuoteSelector", "exact": "good"}},
                },
                {
                    "id": "not an iri",
                    "type": "Annotation",
                    "target": {"selector": {"type": "TextQuoteSelector", "exact": "bad id"}},
                },
                {
                    "id": "urn:uuid:00000000-0000-4000-8000-000000000003",
                    "type": "Annotation",
                    "body": {"type": "TextualBody", "textDirection": "up"},
                    "target": {"selector": {"type": "TextQuoteSelector", "exact": "bad body"}},
                },
            ],
        },
    }
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(collection))
    db = tmp_path / "db.json"
    result = run("import", str(path), "--db", str(db))
    assert result.exit_code == 1
    assert f"refused {path}: item 2: its id 'not an iri' is not an IRI" in result.stderr
    assert f"refused {path}: item 3:" in result.stderr and "imported 1" in result.stderr
    [annotation] = AnnotationStore.open(db).annotations()
    assert annotation.note == "a plain note"
    foreign = {"@context": "http://example.org/other", "type": "Annotation"}
    path.write_text(json.dumps(foreign))
    refused = run("import", str(path), "--db", str(db))
    assert refused.exit_code == 2 and "@context" in refused.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--bogus"], "No such option '--bogus'; see `reader --help`"),
        (
            ["export", "--format", "xml"],
            "'xml' is not one of 'markdown', 'json'; see `reader export --help`",
        ),
    ],
)
def test_a_usage_error_is_one_line(args: list[str], words: str, tmp_path: Path) -> None:
    """Click's three lines (usage, try, error) are one line naming the help, exit 2."""
    import subprocess
    import sys

    env = {**os.environ, "READER_DB": str(tmp_path / "db.json"), "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert words in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "command",
    [["list"], ["tags"], ["search", "x"], ["export"], ["db", "path"], ["db", "restore"]],
)
def test_every_command_refuses_a_missing_or_broken_config(
    command: list[str], annotated_db: Path, tmp_path: Path
) -> None:
    """`--config` is read by every command: a missing file or a wrong one is one line, exit 2."""
    missing = tmp_path / "absent.toml"
    result = run(*command, "--db", str(annotated_db), "--config", str(missing))
    assert result.exit_code == 2 and "no such settings file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken.toml"
    broken.write_text("theme = \n")
    result = run(*command, "--db", str(annotated_db), "--config", str(broken))
    assert result.exit_code == 2 and "is not valid TOML" in result.stderr


def test_export_follows_the_template_and_heading_of_the_config(
    two_articles_db: Path, tmp_path: Path
) -> None:
    """`note_template` shapes the notes `reader export` writes; `note_heading = false` drops
    the H1; a wrong template is refused naming its line before anything is written."""
    template = tmp_path / "note.jinja"
    template.write_text(
        "---\narticle_id: {{ article_id|yaml }}\n---\n{{ signature }}\n"
        "{% for section in sections %}{% for item in section.highlights %}"
        "* {{ item.quote|md }}\n{% endfor %}{% endfor %}"
        "{% for text in my_notes %}{{ text }}\n{% endfor %}"
    )
    config = tmp_path / "config.toml"
    config.write_text(f'note_template = "{template}"\n')
    result = run("export", str(AP_ARTICLE), "--db", str(two_articles_db), "--config", str(config))
    assert result.exit_code == 0, result.stderr
    assert "* Henry Lucero\n" in result.stdout and "## My notes" not in result.stdout
    config.write_text("note_heading = false\n")
    result = run("export", str(AP_ARTICLE), "--db", str(two_articles_db), "--config", str(config))
    assert "\n# Denver" not in result.stdout and "> Henry Lucero" in result.stdout
    template.write_text("---\n{{ article_id|yaml }\n")
    config.write_text(f'note_template = "{template}"\n')
    out = tmp_path / "notes"
    result = run("export", "-o", f"{out}/", "--db", str(two_articles_db), "--config", str(config))
    assert result.exit_code == 2 and f"{template}, line 2:" in result.stderr
    assert not out.exists()


def test_export_grouped_by_tag_gives_every_tag_a_section(two_articles_db: Path) -> None:
    """--group tag: each tag has its section; a highlight under a second tag links to the
    first by its block id, never repeating it."""
    result = run("export", "--group", "tag", str(MD_ARTICLE), "--db", str(two_articles_db))
    note = result.stdout
    assert "## \\#Custody" in note and "## \\#ecology" in note  # the library's spelling
    assert len(re.findall(r"^\^hl-", note, re.MULTILINE)) == 1
    assert re.search(r"\[\[#\^hl-[0-9a-f]{8}\]\] · keystone species", note)


def test_a_tag_with_spaces_is_found_in_every_spelling(tmp_path: Path) -> None:
    """Typed "Salinity Levels", stored and exported as `Salinity-Levels` (front matter and
    body agree); `reader search` finds it by either spelling, with `#` or without."""
    db = tmp_path / "tags.json"
    library = Library(AnnotationStore.open(db))
    article = library.open(MD_ARTICLE)
    start = article.text.index("keystone species")
    library.store.add(
        Annotation(
            id="00000001-0000-4000-8000-000000000000",
            article_id=article.id,
            target=make_target(article.text, start, start + 16, article.hash),
            tags=("Salinity Levels",),
        )
    )
    note = run("export", str(MD_ARTICLE), "--db", str(db)).stdout
    assert 'tags: ["Salinity-Levels"]' in note and "#Salinity-Levels" in note
    assert "Salinity Levels" not in note
    for query in ("#Salinity-Levels", "#salinity levels", "Salinity Levels", "salinity-levels"):
        result = run("search", query, "--db", str(db))
        assert "keystone species" in result.stdout, query


def test_help_has_whole_summaries_and_examples() -> None:
    """`reader --help` lists each command with a summary that is not cut ("..."); every
    command's --help ends with examples."""
    listing = run("--help").stdout
    commands = listing[listing.index("Commands:") :]
    assert "..." not in commands
    for command in (["db"], ["db", "restore"], ["export"], ["import"], ["list"], ["search"]):
        text = run(*command, "--help").stdout
        assert re.search(r"Examples:\n +reader " + " ".join(command), text), command


def test_reexport_keeps_what_the_user_wrote_outside_the_keep_markers(
    two_articles_db: Path, tmp_path: Path
) -> None:
    """A line typed under a quote and a property added in Obsidian survive `reader export`
    into the same folder, and the summary says where the text went."""
    out = tmp_path / "notes"
    run("export", "-o", f"{out}/", "--db", str(two_articles_db))
    note = next(path for path in out.iterdir() if path.name.startswith("Reading a Tide Pool"))
    text = note.read_text().replace("---\n\n", "status: reading\n---\n\n", 1)
    note.write_text(text.replace("^hl-", "My own line.\n\n^hl-", 1))
    result = run("export", "-o", f"{out}/", "--db", str(two_articles_db))
    assert "outside the keep markers kept" in result.stderr and note.name in result.stderr
    again = note.read_text()
    assert "status: reading\n" in again and "My own line." in again
    assert again.count("<!-- reader:checksum") == 1


def test_db_compact_folds_the_journal_into_the_file(annotated_db: Path) -> None:
    """`reader db compact` puts the journal's saves into the TinyDB file itself."""
    store = AnnotationStore.open(annotated_db)
    [annotation] = store.annotations()
    store.compact()
    store.update(replace(annotation, note="kept by the journal"))
    assert "kept by the journal" not in annotated_db.read_text()
    result = run("db", "compact", "--db", str(annotated_db))
    assert result.exit_code == 0 and "compacted" in result.stderr
    assert "kept by the journal" in annotated_db.read_text()
    missing = run("db", "compact", "--db", str(annotated_db.with_name("none.json")))
    assert missing.exit_code == 2 and "no database" in missing.stderr


def test_json_export_never_replaces_a_file_of_the_users(annotated_db: Path, tmp_path: Path) -> None:
    """`--format json -o FILE` replaces an earlier JSON export, never a file of the user's."""
    diary = tmp_path / "diary.md"
    diary.write_text("my diary\n")
    result = run("export", "--format", "json", "--db", str(annotated_db), "-o", str(diary))
    assert result.exit_code == 2 and "is not a JSON export of reader's" in result.stderr
    assert diary.read_text() == "my diary\n"
    backup = tmp_path / "backup.json"
    for _ in range(2):  # written, then written again over itself
        result = run("export", "--format", "json", "--db", str(annotated_db), "-o", str(backup))
        assert result.exit_code == 0, result.stderr
    assert json.loads(backup.read_text())["total"] == 1


def test_an_empty_output_name_and_an_empty_export_are_said(
    annotated_db: Path, tmp_path: Path
) -> None:
    """`-o ''` is refused (it wrote into the current folder); an export that matches nothing
    says so, and makes no folder for it."""
    result = run("export", "--db", str(annotated_db), "-o", "")
    assert result.exit_code == 2 and result.stderr.startswith("reader: -o was given an empty name")
    result = run("export", "--tag", "no-such-tag", "--db", str(annotated_db))
    assert result.exit_code == 0 and result.stdout == ""
    assert "nothing to export" in result.stderr
    folder = tmp_path / "notes"
    result = run("export", "--tag", "no-such-tag", "--db", str(annotated_db), "-o", f"{folder}/")
    assert "nothing to export" in result.stderr and not folder.exists()


def test_search_takes_its_words_without_quotes(annotated_db: Path) -> None:
    """`reader search in custody` is `reader search "in custody"`."""
    quoted = run("search", "still in custody", "--db", str(annotated_db))
    unquoted = run("search", "still", "in", "custody", "--db", str(annotated_db))
    assert unquoted.exit_code == 0 and SENTENCE in unquoted.stdout
    assert unquoted.stdout == quoted.stdout


def test_the_app_stopping_on_an_error_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the app ends on an error (Textual has shown it), the exit status says so: 1, as
    for any runtime failure, never 0."""
    from reader.ui.app import ReaderApp

    def failing(self: ReaderApp, *args: object, **kwargs: object) -> None:
        self._return_code = 1

    monkeypatch.setattr(ReaderApp, "run", failing)
    monkeypatch.setattr("reader.cli.opening.terminal_problem", lambda: None)
    result = run(str(AP_ARTICLE), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 1


def test_the_app_without_a_terminal_says_so_instead_of_waiting_for_ever(tmp_path: Path) -> None:
    """Started from a script or a pipe (no terminal for keys or the screen), the app would
    wait unseen for keys that never come: one line, exit 2, and the database untouched."""
    for args in ([str(AP_ARTICLE)], ["review"], []):
        result = run(*args, "--db", str(tmp_path / "db.json"))
        assert result.exit_code == 2, args
        assert result.stderr == (
            "reader: the app needs a terminal, and standard input is not one; without one,"
            " use reader list, search, export or import\n"
        )
    assert not (tmp_path / "db.json").exists()
