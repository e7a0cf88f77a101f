"""Atomic, private writes: the old file survives an interrupted write; files are 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from wizard.core.session.privatefile import FileExists, ensure_private_folder, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_written_file_is_0600_in_a_0700_folder_whatever_the_umask(tmp_path: Path):
    old = os.umask(0)
    try:
        folder = ensure_private_folder(tmp_path / "a" / "sessions")
        path = write_private(folder / "s.json", b"{}", overwrite=True)
    finally:
        os.umask(old)
    assert path.read_bytes() == b"{}"
    assert mode(path) == 0o600
    assert mode(folder) == 0o700


def test_an_interrupted_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = write_private(tmp_path / "s.json", b"old", overwrite=True)

    def power_cut(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        write_private(path, b"new and longer", overwrite=True)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_a_write_that_fails_half_way_leaves_the_old_file(tmp_path, monkeypatch):
    path = write_private(tmp_path / "s.json", b"old", overwrite=True)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(OSError):
        write_private(path, b"x" * 100_000, overwrite=True)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_without_overwrite_an_existing_file_is_kept(tmp_path: Path):
    path = write_private(tmp_path / "t.md", b"mine", overwrite=False)
    with pytest.raises(FileExists):
        write_private(path, b"yours", overwrite=False)
    assert path.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["t.md"]
    write_private(path, b"yours", overwrite=True)
    assert path.read_bytes() == b"yours"
    assert mode(path) == 0o600
