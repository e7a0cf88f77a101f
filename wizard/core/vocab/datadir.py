"""The user's data folder: where it is, and making it private (0700, never a symlink).

Sessions and the install's fingerprint key live there. Every level the wizard creates is
0700 whatever the umask, and a folder that is a symbolic link is refused: another local user
who planted it could read or swap what the wizard writes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from wizard.core.vocab.errors import UserError

APP_NAME = "oidc-401-wizard"
DATA_DIR_VARIABLE = "WIZARD_DATA_DIR"
FOLDER_MODE = 0o700


class UnsafeFolder(UserError):
    """A data folder is a symlink, or not a folder; nothing is written to it."""


def data_dir() -> Path:
    """The user's data folder for the wizard (`WIZARD_DATA_DIR` overrides it)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    import platformdirs  # deferred: only commands that save or list sessions need it

    return Path(platformdirs.user_data_dir(APP_NAME))


def ensure_private_folder(folder: Path, *, within: Path | None = None) -> Path:
    """Create `folder` and every missing parent as 0700; refuse a symlink up to `within`.

    `within` is the highest folder the wizard owns (the data folder): from `folder` up to it
    no level may be a symbolic link, and each is closed to others if it was left open.
    """
    top = within if within is not None else folder
    if top != folder and top not in folder.parents:
        top = folder
    # Every level created here is 0700, parents included: a world-writable parent made
    # under umask 000 would let anyone swap the data folder for one of their own.
    missing: list[Path] = []
    level = folder
    while not os.path.lexists(level) and level.parent != level:
        missing.append(level)
        level = level.parent
    owned = [folder, *[p for p in folder.parents if top == p or top in p.parents]]
    for existing in owned:
        # Checked before anything is created: a mkdir through a link would already write.
        if os.path.lexists(existing):
            _make_private(existing)
    for created in reversed(missing):
        try:
            os.mkdir(created, FOLDER_MODE)
        except FileExistsError:
            pass
        else:
            # mkdir's mode is filtered by the umask; a private folder must not be.
            os.chmod(created, FOLDER_MODE)
    for checked in owned:
        _make_private(checked)
    return folder


def _make_private(folder: Path) -> None:
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        raise UnsafeFolder(f"{folder}: the data folder vanished while it was made") from None
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFolder(
            f"{folder}: the data folder is a symbolic link; it is refused (it may point "
            f"somewhere another user controls). Remove the link, or set {DATA_DIR_VARIABLE}."
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolder(f"{folder}: is not a folder; nothing is written there")
    # A folder an earlier version (or a loose umask) left open to others is closed again.
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, FOLDER_MODE)
