"""Web articles: fetching a page (and nothing else) and keeping it as a snapshot to read."""

from reader.core.web.fetching import (
    FetchedPage,
    FetchError,
    checked_address,
    fetch_page,
    without_credentials,
)
from reader.core.web.snapshots import (
    Snapshot,
    find_snapshot,
    save_alias,
    save_snapshot,
    snapshot_key,
)

__all__ = [
    "FetchError",
    "FetchedPage",
    "Snapshot",
    "checked_address",
    "save_alias",
    "without_credentials",
    "fetch_page",
    "find_snapshot",
    "save_snapshot",
    "snapshot_key",
]
