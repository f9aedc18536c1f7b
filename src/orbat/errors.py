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


class StoreInUse(OSError):
    """The knowledge base file is locked by another process.

    DuckDB lets one process write a file, and no other open it meanwhile, even
    to read; its own message names the lock and the program, not what to do.
    """

    def __init__(self, path: str, pid: int | None = None) -> None:
        self.path = path
        self.pid = pid
        holder = f"another process (PID {pid})" if pid is not None else "another process"
        super().__init__(
            f"{path} is open in {holder}, such as `orbat serve` or another `orbat ingest`: "
            "only one process at a time may use a knowledge base while one writes to it. "
            "Stop that process, or pass another --db."
        )
