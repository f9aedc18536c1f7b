"""Parse documents into an `Article`: title, infobox fields and sections.

Every piece of text keeps a map back to the stored document, so extractors can
cite exact spans whatever format the article came in.
"""

from orbat.parse.structure import Article, InfoboxField, Paragraph
from orbat.parse.textmap import MappedText

__all__ = ["Article", "InfoboxField", "MappedText", "Paragraph"]
