"""orbat: sourced, time-aware knowledge graphs of armed groups.

The pipeline is sources → parse → extract → resolve → store → query/serve/export;
each stage is a subpackage of its own. The public entry points are
`orbat.extract.extract` (a pure function from a document to claims),
`orbat.store.Store` and the value parsers in `orbat.values`.
"""

__version__ = "0.1.0"
