"""Errors that map to command-line exit codes and to clear messages in the UI."""

from __future__ import annotations


class BoardAppError(Exception):
    """Base class; ``exit_code`` is what the command line exits with."""

    exit_code = 1


class UsageError(BoardAppError):
    """Bad usage or input; nothing was written (exit code 2)."""

    exit_code = 2


class ValidationError(UsageError):
    """Input refused; ``problems`` lists every problem found (item, field, message)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class NotFoundError(UsageError):
    """A named organization, item or file does not exist (exit code 2)."""


class AccessDeniedError(UsageError):
    """The database server refused a step for lack of privilege (its roles); nothing changed."""


class DatabaseUnusableError(BoardAppError):
    """The database is locked, newer than this program, or damaged (exit code 3)."""

    exit_code = 3


class CheckFailedError(BoardAppError):
    """A check found a problem (exit code 4)."""

    exit_code = 4
