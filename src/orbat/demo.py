"""The example corpus that ships with the package, so `make demo` needs nothing else."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def corpus_dir() -> Path:
    return Path(str(files("orbat") / "data" / "corpus"))
