"""Command palette providers: the commands of the screen in use, any article, any tag."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from reader.core.articles.text import strip_unsafe
from reader.core.store import ArticleRecord, StoreError
from reader.ui.messages import OpenArticle
from reader.ui.registry import BY_ID, keys_shown


def _records(app: Any) -> list[ArticleRecord]:
    try:
        records: list[ArticleRecord] = app.library.store.articles()
    except StoreError:
        return []
    return sorted(records, key=lambda record: record.title.casefold())


def _open(app: Any, record: ArticleRecord) -> None:
    app.post_message(OpenArticle(record.id, title=record.title))


class ArticleCommands(Provider):
    """Open any article of the library by its title."""

    async def discover(self) -> Hits:
        """Every article, for browsing before typing."""
        for record in _records(self.app):
            yield DiscoveryHit(
                _plain(f"Open: {record.title}"), partial(_open, self.app, record), help="Article"
            )

    async def search(self, query: str) -> Hits:
        """Articles whose title matches what was typed."""
        matcher = self.matcher(query)
        for record in _records(self.app):
            text = f"Open: {record.title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(matcher, text),
                    partial(_open, self.app, record),
                    help="Article",
                )


class TagCommands(Provider):
    """Show every annotation with a tag."""

    def _tags(self) -> list[str]:
        app: Any = self.app
        try:
            counts = app.library.store.tag_counts()
        except StoreError:
            return []
        return sorted(counts, key=str.casefold)

    async def discover(self) -> Hits:
        """Every tag, for browsing before typing."""
        app: Any = self.app
        for tag in self._tags():
            yield DiscoveryHit(
                _plain(f"Tag: #{tag}"), partial(app.action_search_all, f"#{tag}"), help="Tag"
            )

    async def search(self, query: str) -> Hits:
        """Tags that match what was typed."""
        app: Any = self.app
        matcher = self.matcher(query)
        for tag in self._tags():
            text = f"Tag: #{tag}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(matcher, text),
                    partial(app.action_search_all, f"#{tag}"),
                    help="Tag",
                )


class ActionCommands(Provider):
    """The commands of the screen in use that apply now (not motions), by what they do."""

    def _actions(self) -> list[tuple[str, str, Any]]:
        screen = self.screen
        found: list[tuple[str, str, Any]] = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            action = BY_ID.get(binding.id or "")
            if action is None or not action.command or action.id in seen or not active.enabled:
                continue
            applies = getattr(screen, "command_applies", None)
            if callable(applies) and not applies(action.id):
                continue  # nothing to colour, delete or undo here now
            seen.add(action.id)
            node: Any = active.node  # a widget, a screen or the app: each can run its actions
            run = partial(node.run_action, binding.action)
            found.append((action.help_text, keys_shown(self.app, action), run))
        return found

    async def discover(self) -> Hits:
        """Every command, for browsing before typing."""
        for label, keys, run in self._actions():
            yield DiscoveryHit(_plain(label), run, help=help_text(f"Key: {keys}"))

    async def search(self, query: str) -> Hits:
        """Commands whose description matches what was typed."""
        matcher = self.matcher(query)
        for label, keys, run in self._actions():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, help=help_text(f"Key: {keys}"))


def _plain(text: str) -> Content:
    """Text shown as it is: a title or a tag is data, never markup."""
    return Content(strip_unsafe(text))


def _highlighted(matcher: Matcher, text: str) -> Content:
    """`text` as plain content with the letters the query matched marked (Textual's own
    `Matcher.highlight` parses its candidate as markup: a title `[/]` would crash it)."""
    text = strip_unsafe(text)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def help_text(text: str) -> str:
    """Help shown under a command: the palette reads it as markup, so data is escaped."""
    return escape(strip_unsafe(text))
