"""The one exception type for mistakes a person can fix."""

from __future__ import annotations


class UserError(Exception):
    """One or more problems in the inputs, each a line a person can act on.

    Raised with the complete list, so a run reports every mistake at once.
    """

    def __init__(self, messages: list[str] | str) -> None:
        if isinstance(messages, str):
            messages = [messages]
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


class Interrupted(KeyboardInterrupt):
    """The build received SIGTERM; handled like Ctrl-C (SIGINT)."""


def undecodable(raw: bytes, error: UnicodeDecodeError) -> tuple[int, int, str]:
    """(line, column, message) for a file that is not UTF-8."""
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    column = error.start - (before.rfind(b"\n") + 1) + 1
    return (
        line,
        column,
        (
            f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be decoded; "
            "save the file as UTF-8"
        ),
    )
