"""`orbat` commands for the resolve stage (registered on the main app)."""

from orbat.cli import app  # noqa: F401
