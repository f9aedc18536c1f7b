"""`orbat serve`: a read-only web app and JSON API over the knowledge base."""

from orbat.serve.app import create_app

__all__ = ["create_app"]
