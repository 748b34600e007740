"""Files on disk: writes that a crash cannot tear, for the store, notes and exports alike."""

from reader.core.files.atomic import fsync_folder, temporary_beside, write_atomically

__all__ = ["fsync_folder", "temporary_beside", "write_atomically"]
