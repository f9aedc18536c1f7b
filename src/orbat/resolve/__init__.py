"""Resolution: deciding which names denote the same real thing, and where places are."""
