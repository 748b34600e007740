"""Command palette providers: jump to any article, jump to any tag."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.core.store import ArticleRecord, StoreError


def _records(app: Any) -> list[ArticleRecord]:
    try:
        records: list[ArticleRecord] = app.library.store.articles()
    except StoreError:
        return []
    return sorted(records, key=lambda record: record.title.casefold())


class ArticleCommands(Provider):
    """Open any article of the library by its title."""

    async def discover(self) -> Hits:
        """Every article, for browsing before typing."""
        app: Any = self.app
        for record in _records(app):
            yield DiscoveryHit(
                f"Open: {record.title}", partial(app.open_record, record), help="Article"
            )

    async def search(self, query: str) -> Hits:
        """Articles whose title matches what was typed."""
        matcher = self.matcher(query)
        app: Any = self.app
        for record in _records(app):
            text = f"Open: {record.title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(app.open_record, record),
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
                f"Tag: #{tag}", partial(app.action_search_all, f"#{tag}"), help="Tag"
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
                    matcher.highlight(text),
                    partial(app.action_search_all, f"#{tag}"),
                    help="Tag",
                )


class ActionCommands(Provider):
    """Every action of the screen in use, by what it does (the same list as the help)."""

    def _actions(self) -> list[tuple[str, str, Any]]:
        from reader.ui.screens.help_screen import binding_lines

        screen = self.screen
        keys_of = {label: keys for keys, label in binding_lines(screen)}
        found: list[tuple[str, str, Any]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if (
                not binding.id
                or not binding.description
                or binding.id in seen
                or not active.enabled
            ):
                continue
            seen.add(binding.id)
            label = binding.tooltip or binding.description
            node: Any = active.node  # a widget, a screen or the app: each can run its actions
            run = partial(node.run_action, binding.action)
            found.append((label, keys_of.get(label, key), run))
        return found

    async def discover(self) -> Hits:
        """Every action, for browsing before typing."""
        for label, keys, run in self._actions():
            yield DiscoveryHit(label, run, help=f"Key: {keys}")

    async def search(self, query: str) -> Hits:
        """Actions whose description matches what was typed."""
        matcher = self.matcher(query)
        for label, keys, run in self._actions():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, help=f"Key: {keys}")
