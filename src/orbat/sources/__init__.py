"""Sources: turning files, folders and dumps into `Document`s (or errors naming the input)."""

from orbat.sources.files import SUFFIXES, discover, read_path

__all__ = ["SUFFIXES", "discover", "read_path"]
