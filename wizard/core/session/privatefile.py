"""Writing files only their owner can read, atomically: a reader sees the old file or the new.

The bytes go to a temporary file in the same folder, which is flushed to disk and then renamed
over the target; the folder is flushed too, so the rename itself survives a power cut. A write
cut short (a crash, a full disk) leaves the previous file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


class FileExists(FileExistsError):
    """The target exists and the caller did not allow overwriting it."""


def ensure_private_folder(folder: Path) -> Path:
    """Create `folder` (and its parents) if needed; a folder created here is 0700."""
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=FOLDER_MODE, exist_ok=True)
        # mkdir's mode is filtered by the umask; the session folder must not be.
        os.chmod(folder, FOLDER_MODE)
    return folder


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
