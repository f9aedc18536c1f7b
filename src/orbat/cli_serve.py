"""`orbat` commands for the serve stage (registered on the main app)."""

from orbat.cli import app  # noqa: F401
