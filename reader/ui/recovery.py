"""Last resort when the database cannot be written: a file for `reader import` to restore."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from reader.core.annotations import Annotation, ArticleAnnotations
from reader.core.articles import Article
from reader.core.export import dumps, owner, to_collection
from reader.core.files import write_atomically
from reader.core.store import AnnotationStore, StoreError


def write_recovery_file(
    article: Article, annotations: Sequence[Annotation], store: AnnotationStore
) -> Path:
    """Write the annotations as W3C JSON beside the database, else in the temporary folder.

    One file per article (written again as more changes wait), for `reader import`.
    """
    group = ArticleAnnotations(
        article.id, article.title, article.path, article.hash, tuple(annotations)
    )
    try:  # who made them, if the database can still be read
        creator = owner(store.library_id())
    except (StoreError, OSError):  # the last resort must not fail for want of a name
        creator = None
    payload = dumps(to_collection([group], creator)).encode("utf-8")
    # The article id can come from an import: only its safe characters name the file.
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "_", article.id)[:64] or "article"
    name = f"reader-unsaved-{safe_id}.json"
    folders = [store.path.parent] if store.path is not None else []
    folders.append(Path(tempfile.gettempdir()))
    for folder in folders:
        target = folder / name
        try:
            write_atomically(target, payload)
        except OSError:
            continue
        return target
    raise OSError("no folder could take the unsaved annotations")
