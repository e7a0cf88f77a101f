"""Writing files only their owner can read, atomically: a reader sees the old file or the new.

The bytes go to a temporary file in the same folder, which is flushed to disk and then renamed
over the target; the folder is flushed too, so the rename itself survives a power cut. A write
cut short (a crash, a full disk) leaves the previous file as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path

from wizard.core.vocab.datadir import FOLDER_MODE, ensure_private_folder

__all__ = ["FOLDER_MODE", "FileExists", "clean_stray_temporaries", "ensure_private_folder"]

FILE_MODE = 0o600
# A write takes milliseconds; a temporary file this old belongs to a process that died.
STRAY_AGE = 60.0


class FileExists(FileExistsError):
    """The target exists and the caller did not allow overwriting it."""


def clean_stray_temporaries(folder: Path, *, older_than: float = STRAY_AGE) -> int:
    """Remove temporary files a killed process left in `folder`; returns how many went.

    Only this module's own names (`.NAME.XXXX.tmp`) older than `older_than` seconds are
    touched, so a write in flight in another process is left alone.
    """
    removed = 0
    now = time.time()
    try:
        candidates = list(folder.glob(".*.tmp"))
    except OSError:
        return 0
    for candidate in candidates:
        with contextlib.suppress(OSError):
            info = candidate.lstat()
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                candidate.unlink()
                removed += 1
    return removed


def write_private(path: Path, data: bytes, *, overwrite: bool) -> Path:
    """Write `data` to `path` atomically, as a 0600 file; raises FileExists if not allowed."""
    folder = path.parent
    if not overwrite and path.exists():
        raise FileExists(str(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), FILE_MODE)  # mkstemp's 0600, whatever the umask says
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            _move_without_overwriting(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)
    return path


def _move_without_overwriting(temporary: str, path: Path) -> None:
    # A hard link fails if the target appeared meanwhile, which a rename would not.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise FileExists(str(path)) from None
    except OSError:  # a file system without hard links: the check above must do
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # folders cannot be opened on some systems; the rename is still done
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
