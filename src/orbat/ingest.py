"""The ingest driver: paths → documents → extraction → store, with a report.

Errors are per input: a bad file or page is reported with its position and the
rest of the batch still goes in. Writes are batched, each batch atomic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from orbat.errors import InputError
from orbat.extract import extract
from orbat.model import Document, Extraction
from orbat.sources.files import PageFilter, discover, read_path
from orbat.store import Store, WriteStats

BATCH = 200  # documents per transaction


@dataclass
class Report:
    files: int = 0
    documents_read: int = 0
    written: WriteStats = field(default_factory=WriteStats)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_fields: Counter[str] = field(default_factory=Counter)
    failed_files: set[str] = field(default_factory=set)


Progress = Callable[[str, int], None]  # (event, amount): "file" done, "document" done


def ingest(
    store: Store,
    paths: list[Path],
    *,
    prefilter: PageFilter | None = None,
    progress: Progress | None = None,
) -> Report:
    report = Report()
    files, errors = discover(paths)
    report.errors.extend(errors)
    report.failed_files.update(e.origin for e in errors)
    report.files = len(files)
    for path in files:
        batch: list[Extraction] = []
        for ex in _extractions(path, prefilter, report):
            batch.append(ex)
            if len(batch) >= BATCH:
                report.written += store.write(batch)
                batch = []
            if progress:
                progress("document", 1)
        if batch:
            report.written += store.write(batch)
        if progress:
            progress("file", 1)
    return report


def _extractions(path: Path, prefilter: PageFilter | None, report: Report) -> Iterator[Extraction]:
    try:
        for item in read_path(path, prefilter=prefilter):
            if isinstance(item, InputError):
                report.errors.append(item)
                report.failed_files.add(str(path))
                continue
            report.documents_read += 1
            ex = _extract_one(item, report)
            if ex is not None:
                yield ex
    except InputError as err:  # a reader that cannot go on (broken XML, truncated bz2)
        report.errors.append(err)
        report.failed_files.add(str(path))
    except OSError as err:
        report.errors.append(InputError(str(path), f"cannot read: {err}"))
        report.failed_files.add(str(path))


def _extract_one(doc: Document, report: Report) -> Extraction | None:
    try:
        ex = extract(doc)
    except InputError as err:
        report.errors.append(err)
        report.failed_files.add(doc.origin.split("#", 1)[0])
        return None
    report.warnings.extend(f"{doc.origin}: {w}" for w in ex.warnings)
    report.unknown_fields.update(ex.unknown_fields)
    return ex
