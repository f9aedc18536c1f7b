"""Progress of a long ingest: a Rich bar on a terminal, plain log lines otherwise.

A dump takes hours, so the user needs to see that it moves and when it will
end: pages scanned and matched, claims written, MB/s of XML and an ETA from
the input bytes done. Batch jobs (SLURM logs, CI) get the same figures as a
line at most every `log_every` seconds, and one at the first committed unit so
a log shows early that the job works.
"""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class IngestProgress:
    """A progress callback, `(event, amount)`, as `orbat.ingest.ingest` calls it.

    Events: "total" (input bytes to read), "units" (units to do), "unit" and
    "bytes" (a unit committed and its input size), "pages", "matched",
    "document", "xml_bytes", "claims" (written), "redirects_linked" (after
    the last unit, see `orbat.redirects`); others are ignored.
    """

    def __init__(self, console: Console, *, log_every: float = 10.0, label: str = "ingest") -> None:
        self.console = console
        self.live = console.is_terminal
        self.log_every = log_every
        self.label = label
        self.counts: dict[str, int] = {}
        self.started = time.perf_counter()
        self._last_log: float | None = None
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> IngestProgress:
        if self.live:
            self._bar = Progress(
                TextColumn(f"[bold]{self.label}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[info]}"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=None, info="")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)
            self._bar = None

    def __call__(self, event: str, amount: int) -> None:
        counts = self.counts
        counts[event] = counts.get(event, 0) + amount
        if event == "total":
            self.started = time.perf_counter()
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, total=max(amount, 1))
        if event == "redirects_linked":  # after the last unit: say what the wait is
            line = f"{self.label}: {counts[event]:,} staged redirects linked"
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, info=line)
            else:
                self.console.print(line, highlight=False, soft_wrap=True)
            return
        if event not in ("unit", "total"):
            return
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=counts.get("bytes", 0), info=self.summary())
        elif event == "unit":
            now = time.perf_counter()
            if self._last_log is None or now - self._last_log >= self.log_every:
                self._last_log = now
                self.console.print(self.line(), highlight=False, soft_wrap=True)

    def mb_per_s(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.counts.get("xml_bytes", 0) / 1e6 / elapsed if elapsed > 0 else 0.0

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c.get('pages', 0):,} pages · {c.get('matched', 0):,} matched · "
            f"{c.get('claims', 0):,} claims · {self.mb_per_s():.0f} MB/s"
        )

    def line(self) -> str:
        c = self.counts
        done, total = c.get("bytes", 0), c.get("total", 0)
        eta = ""
        elapsed = time.perf_counter() - self.started
        if 0 < done < total and elapsed > 0:
            left = (total - done) * elapsed / done
            eta = f" · ETA {int(left // 60)}:{int(left % 60):02d}"
        return f"{self.label}: {c.get('unit', 0)}/{c.get('units', 0)} units · {self.summary()}{eta}"
