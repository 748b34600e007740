"""The store: the TinyDB file, its safe writes and backups, mapping and migrations, transactions."""

from reader.core.store.backups import all_backups, backup_paths, describe_backup
from reader.core.store.database import LOCK_TIMEOUT_SECONDS, AnnotationStore
from reader.core.store.documents import SCHEMA_VERSION
from reader.core.store.encoding import parse_database
from reader.core.store.files import DamagedDatabase, StoreError
from reader.core.store.records import ArticleRecord, PathRecord
from reader.core.store.transaction import Transaction

__all__ = [
    "LOCK_TIMEOUT_SECONDS",
    "SCHEMA_VERSION",
    "AnnotationStore",
    "ArticleRecord",
    "DamagedDatabase",
    "PathRecord",
    "StoreError",
    "Transaction",
    "all_backups",
    "backup_paths",
    "describe_backup",
    "parse_database",
]
