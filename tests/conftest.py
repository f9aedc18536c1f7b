from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "National_Defence_Forces.txt"
GOLD = SHARED / "gold"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kb.duckdb"


@pytest.fixture(scope="session")
def seed_kb(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """A knowledge base holding the seed article (built once per test session)."""
    from orbat.ingest import ingest
    from orbat.store import Store

    path = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    with Store(path) as store:
        report = ingest(store, [SEED])
    assert not report.errors
    return path
