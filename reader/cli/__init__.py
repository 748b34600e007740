"""The `reader` command: open articles in the app, or export, import, list, tag and search.

Only opening articles loads Textual; every other command stays fast for scripts.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from reader import __version__
from reader.cli.common import global_options
from reader.cli.opening import open_command

COMMANDS = {
    "add": ("reader.cli.adding", "add_command"),
    "export": ("reader.cli.export", "export_command"),
    "import": ("reader.cli.importing", "import_command"),
    "list": ("reader.cli.listing", "list_command"),
    "tags": ("reader.cli.listing", "tags_command"),
    "search": ("reader.cli.listing", "search_command"),
    "review": ("reader.cli.review", "review_command"),
    "db": ("reader.cli.db", "db_group"),
}
"""Each command's module, loaded when the command is run (or listed in the help): opening an
article, the common case, loads none of them."""

COMMANDS_HELP = """\
Read articles in the terminal, highlight them, and keep your notes.

\b
  reader                 open the library (the bundled samples until you save something)
  reader URL             save a web page into the library (once) and open it
  reader PATH...         open article files (.txt, .md, .html) or folders of them
  reader COMMAND ...     run one of the commands below

A path that is spelled like a command opens as a path when written ./export.
"""


class ReaderGroup(click.Group):
    """Commands by name; any other first argument is a path to open in the app."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, name = COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in COMMANDS:
            return super().resolve_command(ctx, args)
        return "open", open_command, args

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("reader", "[OPTIONS] [PATH]... | COMMAND [ARGS]...")


@click.group(
    cls=ReaderGroup,
    invoke_without_command=True,
    help=COMMANDS_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@global_options
@click.version_option(__version__, "--version", "-V", prog_name="reader")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, config: Path | None) -> None:
    """The `reader` group: with no command, open the samples."""
    from reader.core.articles.cache import use_cache
    from reader.paths import article_cache_dir

    use_cache(article_cache_dir())  # long articles opened again are not parsed again
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command, given=(), db=db, config=config)


def main() -> None:
    """Entry point of the `reader` script."""
    import signal

    # Past `ulimit -f` a write should fail with EFBIG (said in one line), not kill the process.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    import click

    try:
        cli.main(prog_name="reader", standalone_mode=False)
    except click.UsageError as error:
        # One line, as every other refusal: what was wrong, and where the help is.
        context = error.ctx
        command = context.command_path if context is not None else "reader"
        message = " ".join(error.format_message().split()).rstrip(".")
        click.echo(f"{command}: {message}; see `{command} --help`", err=True)
        raise SystemExit(2) from None
    except click.exceptions.Abort:
        click.echo("reader: stopped", err=True)
        raise SystemExit(1) from None
    except click.ClickException as error:
        error.show()
        raise SystemExit(error.exit_code) from None
