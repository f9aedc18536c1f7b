"""The environment of the lbzip2 that decompresses each unit (`orbat.scale.heap`)."""

from __future__ import annotations

import bz2
import random
import resource
import shutil
from pathlib import Path

import pytest

from orbat.scale.heap import LBZIP2_TUNABLES, MALLOC_TRIM, lbzip2_env


def test_lbzip2_env_drops_malloc_trim_and_puts_the_users_tunables_last() -> None:
    env = lbzip2_env({"PATH": "/bin", MALLOC_TRIM: "131072"})
    assert env == {"PATH": "/bin", "GLIBC_TUNABLES": LBZIP2_TUNABLES}
    # glibc applies tunables in order, so the user's own settings win over ours.
    own = lbzip2_env({"GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"})["GLIBC_TUNABLES"]
    assert own == f"{LBZIP2_TUNABLES}:glibc.malloc.hugetlb=0"


def _thp_mode() -> str:
    try:
        modes = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
    except OSError:
        return "never"
    return modes.split("[", 1)[1].split("]", 1)[0] if "[" in modes else "never"


@pytest.mark.skipif(shutil.which("lbzip2") is None, reason="lbzip2 not installed")
@pytest.mark.skipif(_thp_mode() == "never", reason="no transparent huge pages to ask for")
def test_lbzip2_takes_its_buffers_in_far_fewer_page_faults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orbat.scale import scan

    rng = random.Random(7)
    words = [f"w{rng.randrange(50_000)}" for _ in range(700_000)]  # ~4.5 MB, 5 bz2 blocks
    dump = tmp_path / "words.bz2"
    dump.write_bytes(bz2.compress(" ".join(words).encode()))
    size = dump.stat().st_size

    def faults() -> int:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
        for _ in range(4):  # a fresh lbzip2 each time, as for every unit
            for _chunk in scan.decompress_range(str(dump), 0, size, "words"):
                pass
        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - before

    tuned = faults()
    monkeypatch.setattr(scan, "lbzip2_env", lambda environ: dict(environ))
    plain = faults()
    assert tuned < plain / 2, (tuned, plain)
