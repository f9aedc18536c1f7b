"""`orbat` commands for the scale stage (registered on the main app)."""

from orbat.cli import app  # noqa: F401
