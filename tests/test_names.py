"""The ASCII shortcut of `normalize_name` must agree with the full Unicode path."""

from __future__ import annotations

import random
import string

import pytest

from orbat.names import _normalize_unicode, entity_id, normalize_name

ASCII = "".join(chr(i) for i in range(128))


@pytest.mark.parametrize(
    "name",
    [
        "National Defence Forces",
        "  Jaysh  al-Sha`bi\t",
        "AL-NUSRA\x1cFront",
        "Hezbollah\r\n",
        "",
        "\x0b\x0c\x1f",
        "O`Neil's `Brigade`",
    ],
)
def test_ascii_shortcut_matches_unicode_path(name: str) -> None:
    assert normalize_name(name) == _normalize_unicode(name)


def test_random_ascii_agrees() -> None:
    rng = random.Random(7)
    alphabet = ASCII + string.ascii_letters * 3 + " " * 10
    for _ in range(5000):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert normalize_name(name) == _normalize_unicode(name), repr(name)


def test_non_ascii_still_folds() -> None:
    assert normalize_name("Liwā’ al‑Quds") == "liwa' al-quds"
    assert normalize_name("ＮＤＦ") == "ndf"
    assert entity_id("Liwā’ al‑Quds") == entity_id("liwa' al-quds")
