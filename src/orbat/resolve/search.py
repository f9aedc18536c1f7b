"""Search: find entities by name, alias or the words of their claims, ranked, typo-tolerant.

Researchers rarely know how a source spelled a name ("Nusra", "Jabhat al-Nusrah",
"Kfar Hod"), so a search ranks every name and alias by how well it matches:
exact, then prefix, then every word found, then claims' words (types, roles,
ideologies), then close spellings by Jaro-Winkler similarity (DuckDB's
`jaro_winkler_similarity`, computed in the database so it scales with the
knowledge base). Results are resolved entities: a group's members are one hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orbat.resolve.normalize import fold
from orbat.store import Store

# Scores: a name or alias equal to the query 1.0, starting with it 0.95, holding all its
# words 0.9; claim text 0.88/0.82/0.8; a close spelling 0.87 × Jaro-Winkler similarity
# (of the whole name or its best word), offered from MIN_SCORE (similarity ≈ 0.86).
MIN_SCORE = 0.75
# Claims whose words a search reads (strings a reader would search for, not quotes).
TEXT_PROPERTIES = ("instance_of", "role", "ideology", "membership", "alias", "motto")


@dataclass(frozen=True, slots=True)
class Hit:
    entity_id: str
    name: str
    kind: str
    score: float
    matched: str  # the name, alias or claim text that matched
    via: str  # name | alias | claim
    n_claims: int

    def to_json(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "name": self.name,
            "kind": self.kind,
            "score": round(self.score, 3),
            "matched": self.matched,
            "via": self.via,
            "claims": self.n_claims,
        }


def _escape_like(word: str) -> str:
    """A user's `_` or `%` is a character to find, not a LIKE wildcard."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(store: Store, text: str, limit: int = 10) -> list[Hit]:
    """Entities ranked by how well `text` matches their names, aliases or claims."""
    q = fold(text)
    if not q:
        return []
    words = q.split()
    like = "%" + "%".join(_escape_like(w) for w in words) + "%"
    resolved = store._resolved()
    canon = (
        "coalesce((SELECT canonical_id FROM resolution_members r "
        "WHERE r.entity_id = n.entity_id), n.entity_id)"
        if resolved
        else "n.entity_id"
    )
    members = (
        "(SELECT count(*) FROM claims c WHERE c.subject_id = e.entity_id OR c.subject_id IN "
        "(SELECT entity_id FROM resolution_members WHERE canonical_id = e.entity_id))"
        if resolved
        else "(SELECT count(*) FROM claims c WHERE c.subject_id = e.entity_id)"
    )
    # Every name and alias folded like the query: lower case, no diacritics or punctuation.
    fold_sql = (
        "trim(regexp_replace(regexp_replace(lower(strip_accents({x})), '[''’`]', '', 'g'), "
        "'[^[:alnum:]]+', ' ', 'g'))"
    )
    sql = f"""
        WITH names AS (
            SELECT entity_id, name AS text, 'name' AS via FROM entities
            UNION ALL SELECT entity_id, alias, 'alias' FROM aliases
            UNION ALL SELECT subject_id, value_text, 'claim' FROM claims
            WHERE property IN (SELECT unnest(?))
        ), folded AS (
            SELECT entity_id, text, via, {fold_sql.format(x="text")} AS f FROM names
        ), scored AS (
            SELECT entity_id, text, via,
                CASE
                    WHEN f = ? THEN (CASE via WHEN 'claim' THEN 0.88 ELSE 1.0 END)
                    WHEN starts_with(f, ?) THEN (CASE via WHEN 'claim' THEN 0.82 ELSE 0.95 END)
                    WHEN f LIKE ? ESCAPE '\\' THEN (CASE via WHEN 'claim' THEN 0.8 ELSE 0.9 END)
                    WHEN via = 'claim' THEN 0.0
                    ELSE 0.87 * greatest(
                        jaro_winkler_similarity(f, ?),
                        list_max(list_transform(string_split(f, ' '),
                                 lambda w: jaro_winkler_similarity(w, ?)))
                    )
                END AS s
            FROM folded
        ), best AS (
            SELECT {canon} AS entity_id, text, via, s AS score
            FROM scored n WHERE s >= ?
        )
        SELECT b.entity_id, e.name, e.kind, b.score, b.text AS matched, b.via,
               {members} AS n_claims
        FROM (SELECT *, row_number() OVER (PARTITION BY entity_id
                     ORDER BY score DESC, via = 'claim', text) AS rk FROM best) b
        JOIN entities e ON e.entity_id = b.entity_id
        WHERE b.rk = 1
        ORDER BY b.score DESC, n_claims DESC, e.name
        LIMIT ?
    """
    rows = store.query(
        sql,
        [list(TEXT_PROPERTIES), q, q, like, q, q, MIN_SCORE, limit],
    )
    return [
        Hit(
            r["entity_id"],
            r["name"],
            r["kind"],
            float(r["score"]),
            r["matched"],
            r["via"],
            int(r["n_claims"]),
        )
        for r in rows
    ]
