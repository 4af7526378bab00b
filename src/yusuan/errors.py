"""Errors that reach the user. Messages are Simplified Chinese, one line, and say what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yusuan.model import Disclosure


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


class SeveralDisclosures(YusuanError):
    """Files given as one disclosure are several (each with its own tables, or other years).

    ``parts`` are the files parsed one by one, so a caller can go on with them separately;
    ``reason`` says what shows they are separate; ``problems`` are the files that could not be
    read ("name：why")."""

    def __init__(
        self,
        message: str,
        parts: tuple[Disclosure, ...],
        *,
        reason: str,
        problems: tuple[str, ...] = (),
        source: str | None = None,
    ) -> None:
        super().__init__(message, source=source)
        self.parts = parts
        self.reason = reason
        self.problems = problems
