"""Errors that reach the user. Messages are Simplified Chinese, one line, and say what to do."""

from __future__ import annotations


class YusuanError(Exception):
    """A problem with the user's input that stops the work (CLI exit code 2)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}：{self.message}" if self.source else self.message


class UnreadableInput(YusuanError):
    """The file cannot be read at all (empty, binary, wrong type, encrypted …)."""


class NotADisclosure(YusuanError):
    """The file is readable but holds no recognisable budget disclosure."""
