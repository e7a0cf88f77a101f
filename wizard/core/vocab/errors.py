"""Errors a user can cause: each carries a message a person understands and an exit code."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user (arguments, files, answers): shown as one line, never a traceback."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class TranscriptError(UserError):
    """A file that is not a transcript this version can read."""
