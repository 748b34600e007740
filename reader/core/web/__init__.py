"""Web articles: fetching a page (and nothing else) and keeping it as a snapshot to read."""

from reader.core.web.fetching import FetchedPage, FetchError, fetch_page
from reader.core.web.snapshots import Snapshot, find_snapshot, save_snapshot, snapshot_key

__all__ = [
    "FetchError",
    "FetchedPage",
    "Snapshot",
    "fetch_page",
    "find_snapshot",
    "save_snapshot",
    "snapshot_key",
]
