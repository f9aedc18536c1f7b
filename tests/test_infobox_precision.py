"""Infobox rules: a wrong claim is worse than a missing one."""

from __future__ import annotations

from orbat.extract import extract
from orbat.model import Document


def _article(fields: dict[str, str], title: str = "Test Group") -> list:
    body = "\n".join(f"- {k}: {v}" for k, v in fields.items())
    text = f"= {title} =\n\nInfobox\n{body}\n"
    return extract(Document(text, title, "test", "article")).claims


def _wikitext(fields: dict[str, str], title: str = "Test Group", box: str = "military unit"):
    body = "\n".join(f"| {k} = {v}" for k, v in fields.items())
    text = f"{{{{Infobox {box}\n{body}\n}}}}\n'''{title}''' is a group.\n"
    return extract(Document(text, title, "test", "wikitext")).claims


def _values(claims, prop: str, subject: str | None = None) -> list:
    return [
        c.value
        for c in claims
        if c.property == prop and (subject is None or c.subject.name == subject)
    ]


def _q(claim) -> dict:
    return dict(claim.qualifiers)


# 1. a bracketed note is an alias only when it is an acronym (or another script)


def test_disambiguator_and_remark_are_not_aliases() -> None:
    claims = _article({"Other names": "National Defence Forces (Syria); Shabiha (pejorative)"})
    aliases = _values(claims, "alias")
    assert "Syria" not in aliases and "pejorative" not in aliases
    assert "National Defence Forces" in aliases and "Shabiha" in aliases


def test_acronym_and_native_script_in_brackets_stay_aliases() -> None:
    claims = _article({"Other names": "Islamic Movement of Uzbekistan (IMU); Jaysh (جيش)"})
    aliases = _values(claims, "alias")
    assert "IMU" in aliases and "جيش" in aliases


# 2. a country belongs to the first place of its group only


def test_country_after_a_later_place_is_a_place_of_its_own() -> None:
    claims = _article({"Area of operations": "Raqqa, Deir ez-Zor, Iraq"})
    areas = [c for c in claims if c.property == "area_of_operations"]
    names = {c.value.name for c in areas}
    assert "Iraq" in names
    deir = next(c for c in areas if c.value.name == "Deir ez-Zor")
    assert _q(deir).get("country") is None


def test_country_after_the_first_place_still_attaches() -> None:
    claims = _wikitext({"garrison": "[[Damascus]], [[Syria]] (main HQ)"})
    hq = [c for c in claims if c.property == "headquarters"]
    assert [c.value.name for c in hq] == ["Damascus"]
    assert _q(hq[0])["country"].name == "Syria"


# 3. a remark is a role only when it names one


def test_remark_without_role_noun_is_a_note() -> None:
    claims = _article({"Leaders": "John Smith (until his death), Bob Jones (Aleppo branch)"})
    cmd = [c for c in claims if c.property == "commander"]
    assert cmd
    for c in cmd:
        assert _q(c).get("role") is None
    notes = {_q(c).get("note") for c in cmd}
    assert {"until his death", "Aleppo branch"} <= notes


def test_remark_with_role_noun_is_a_role() -> None:
    claims = _article({"Leaders": "John Smith (military commander)"})
    cmd = [c for c in claims if c.property == "commander"]
    assert _q(cmd[0]).get("role") == "military commander"


# 4. a size keeps a remark that is not a time


def test_size_keeps_non_time_remark() -> None:
    claims = _article({"Size": "2,000 (Aleppo branch)"})
    size = [c for c in claims if c.property == "size"]
    assert size and _q(size[0]).get("note") == "Aleppo branch"


# 5. person or group decides what `commands` and `active` mean


def test_commands_of_a_group_are_raw() -> None:
    claims = _wikitext({"commands": "[[1st Brigade]]"})
    assert not [c for c in claims if c.property == "commander"]
    assert _values(claims, "infobox:commands")


def test_commands_of_a_person_are_claims_on_the_unit() -> None:
    claims = _wikitext({"commands": "[[1st Brigade]]"}, "John Smith", "military person")
    assert [c for c in claims if c.property == "commander" and c.subject.name == "1st Brigade"]


def test_active_years_of_a_person_are_not_inception() -> None:
    claims = _wikitext({"years active": "1990–2000"}, "John Smith", "military person")
    assert not _values(claims, "inception") and not _values(claims, "dissolved")
    assert _values(claims, "infobox:years active")


def test_birth_date_is_not_a_group_date() -> None:
    claims = _wikitext({"born": "1 May 1970", "active": "2011–2015"})
    inception = _values(claims, "inception")
    assert inception and all("1970" not in str(v) for v in inception)


# 6. link labels and junk keys


def test_capitalised_label_that_is_not_an_acronym_is_no_alias() -> None:
    claims = _wikitext({"allies": "[[Free Syrian Army|McDonald]], [[Islamic State|IS]]"})
    assert "McDonald" not in _values(claims, "alias", "Free Syrian Army")
    assert "IS" in _values(claims, "alias", "Islamic State")


def test_alternative_names_is_not_junk() -> None:
    claims = _wikitext({"alternative names": "Jaysh al-Test"})
    assert _values(claims, "alias") or _values(claims, "infobox:alternative names")
