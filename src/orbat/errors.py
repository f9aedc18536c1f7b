"""Errors that name the input and the position, so a user can go and look."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: the file, the page (for dumps) and the position are part of the message."""

    def __init__(
        self,
        origin: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
        page: str | None = None,
    ) -> None:
        self.origin = origin
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        self.page = page
        super().__init__(str(self))

    def __reduce__(self) -> tuple[object, ...]:
        """Errors travel from worker processes to the writer; keyword arguments must survive."""
        return (
            _rebuild,
            (self.origin, self.message, self.line, self.column, self.offset, self.page),
        )

    def __str__(self) -> str:
        where = self.origin
        if self.page:
            where += f" [page {self.page!r}]"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        elif self.offset is not None:
            where += f" at byte {self.offset}"
        return f"{where}: {self.message}"


def _rebuild(
    origin: str,
    message: str,
    line: int | None,
    column: int | None,
    offset: int | None,
    page: str | None,
) -> InputError:
    return InputError(origin, message, line=line, column=column, offset=offset, page=page)
