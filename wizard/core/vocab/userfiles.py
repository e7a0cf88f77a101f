"""Reading a file a user (or a file the user was handed) names: bounded, regular files only.

A path may name a FIFO (the read would wait for ever), `/dev/zero` (it never ends), a folder or
a huge log; each is refused with a sentence before more than `limit` bytes are read. The file
is opened without blocking and judged by what was opened, so a symlink swapped in between a
check and the read changes nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from wizard.core.vocab.errors import UserError

DEFAULT_LIMIT = 1024 * 1024


class UserFileError(UserError):
    """A named file cannot be read within the rules; the message names it and says why."""


class UserFileTooBig(UserFileError):
    """The file is over the limit (its callers may word that in their own terms)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_user_file(path: str | Path, *, limit: int = DEFAULT_LIMIT, label: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a UserFileError saying why not."""
    shown = f"{label} {path}".strip()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(os.fspath(Path(path).expanduser()), flags)
    except FileNotFoundError:
        raise UserFileError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise UserFileError(f"{shown}: is a folder, not a file") from None
    except OSError as exc:
        raise UserFileError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UserFileError(f"{shown}: is {_kind(info.st_mode)}; only regular files are read")
        if info.st_size > limit:
            raise UserFileTooBig(
                f"{shown}: the file is {info.st_size:,} bytes; at most {limit:,} are read"
            )
        # The size may grow while it is read: one byte past the cap is enough to tell.
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UserFileTooBig(f"{shown}: the file is over {limit:,} bytes; it is not read")
        return b"".join(chunks)
    except OSError as exc:
        raise UserFileError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(descriptor)


def check_user_file(path: str | Path, *, label: str = "") -> None:
    """Refuse (UserFileError) a path that is not a readable regular file, reading nothing."""
    shown = f"{label} {path}".strip()
    try:
        info = os.stat(Path(path).expanduser())
    except OSError:
        raise UserFileError(f"{shown}: file not found or not readable") from None
    if not stat.S_ISREG(info.st_mode):
        raise UserFileError(f"{shown}: is {_kind(info.st_mode)}; only regular files are read")
    if not os.access(Path(path).expanduser(), os.R_OK):
        raise UserFileError(f"{shown}: file not found or not readable")
