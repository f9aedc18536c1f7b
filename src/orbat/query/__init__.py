"""Read-side views of the knowledge base, shared by the CLI, the web app and exports."""

from orbat.query.profile import Profile, build_profile, resolve_name

__all__ = ["Profile", "build_profile", "resolve_name"]
