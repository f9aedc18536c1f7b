"""glibc heap settings for the `lbzip2` that decompresses each unit.

Each unit starts a fresh lbzip2, whose ~11 MB of block buffers are faulted in
page by page: ~2,800 page faults per unit, ~4 µs each in this project's VM.
Over the 200 MB benchmark dump (27 units) that was 75k faults and 0.22-0.27 s
of system time, ~4% of the whole ingest's CPU, against ~100 faults for one
lbzip2 reading the whole file. With `LBZIP2_TUNABLES` (transparent huge pages
for its heap where the kernel grants them on request, buffers up to 64 MB from
the heap rather than fresh mappings, the heap grown 32 MB at a time) the same
units take 2.2k faults and 0.13-0.15 s, in the pool and under Dask alike.

Other C libraries ignore `GLIBC_TUNABLES`, as glibc before 2.35 ignores the
`hugetlb` tunable it does not know; an unset or "never" THP mode only loses the
huge pages.
"""

from __future__ import annotations

from collections.abc import Mapping

# Set at all, it fixes glibc's mmap threshold at 128 KB, so every large buffer
# is mapped and unmapped afresh, which cost lbzip2 ~15% more CPU per MB; Dask's
# nanny sets it for its workers, and their lbzip2 would inherit it.
MALLOC_TRIM = "MALLOC_TRIM_THRESHOLD_"

LBZIP2_TUNABLES = (
    "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=67108864:glibc.malloc.top_pad=33554432"
)


def lbzip2_env(environ: Mapping[str, str]) -> dict[str, str]:
    """`environ` for an lbzip2 process: without MALLOC_TRIM, with `LBZIP2_TUNABLES` added.

    Tunables already set come after ours: glibc applies them in order, so a
    user's own settings win.
    """
    env = {key: value for key, value in environ.items() if key != MALLOC_TRIM}
    own = env.get("GLIBC_TUNABLES")
    env["GLIBC_TUNABLES"] = f"{LBZIP2_TUNABLES}:{own}" if own else LBZIP2_TUNABLES
    return env
