"""Every template the armed-group infoboxes use, rendered from real values.

Values come from ../shared/corpus/wikitext/syria_2015_infoboxes.xml (each row
names its page); templates that file does not use are written with values it
holds (its dates, names and numbers), marked "from" the page the value is taken from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from orbat.model import Citation, Document
from orbat.parse.wikitext import WikiField, link_target, parse_wikitext


def render(value: str) -> tuple[WikiField, str]:
    """The value as the only parameter of an infobox; returns the field and the page text."""
    text = "{{Infobox war faction\n| x = " + value + "\n}}\n"
    article = parse_wikitext(Document(text, "T", "mem", "wikitext"))
    (f,) = article.fields
    assert isinstance(f, WikiField)
    return f, text


@dataclass
class Case:
    page: str  # where the value comes from
    value: str
    text: str | None = None  # the rendered value
    items: list[str] | None = None  # the items (None: not checked; []: a single run)
    citations: list[dict[str, str]] = field(default_factory=list)  # fields each citation has
    targets: dict[str, str] = field(default_factory=dict)  # item text → the page its link names


CASES: dict[str, Case] = {
    "cite web": Case(
        "National Defence Forces (Syria)",
        '[[Syrian Arab Army]]<ref name="globalsecurity.org">{{cite web|author=John Pike '
        "|url=http://www.globalsecurity.org/military/world/syria/ndf.htm |title=Syria - "
        "National Defence Forces (NDF) |publisher=Globalsecurity.org |date=2012-12-11 "
        "|accessdate=2014-06-28}}</ref>",
        text="Syrian Arab Army",
        citations=[
            {
                "url": "http://www.globalsecurity.org/military/world/syria/ndf.htm",
                "title": "Syria - National Defence Forces (NDF)",
                "publisher": "Globalsecurity.org",
                "date": "2012-12-11",
                "access_date": "2014-06-28",
                "name": "globalsecurity.org",
            }
        ],
    ),
    "cite news": Case(
        "National Defence Forces (Syria)",
        '100,000<ref name="The Shia crescendo">{{cite news|title=The Shia crescendo|url=http://'
        "www.economist.com/news/middle-east-and-africa/21647367-shia-militias-are-proliferating"
        "-middle-east-shia-crescendo|publisher=The Economist|date=28 March 2015|accessdate=24 "
        "June 2015}}</ref>",
        text="100,000",
        citations=[
            {
                "title": "The Shia crescendo",
                "publisher": "The Economist",
                "date": "28 March 2015",
                "access_date": "24 June 2015",
            }
        ],
    ),
    "cite book": Case(
        "Taliban",
        '[[Pashtuns]]<ref name="Giustozzi">{{cite book|last=Giustozzi|first=Antonio|title='
        "Decoding the new Taliban: insights from the Afghan field|year=2009|publisher=Columbia "
        "University Press|isbn=978-0-231-70112-9|page=249}}</ref>",
        text="Pashtuns",
        citations=[
            {
                "title": "Decoding the new Taliban: insights from the Afghan field",
                "publisher": "Columbia University Press",
                "date": "2009",
            }
        ],
    ),
    "cite av media": Case(
        "Battle of Victory",
        "[[Army of Mujahedeen]]<ref>{{cite av media|url=https://www.youtube.com/watch?v="
        "9UAejlG7mPk|title=YouTube clip|date=25 April 2015|work=YouTube}}</ref>",
        text="Army of Mujahedeen",
        citations=[{"work": "YouTube", "date": "25 April 2015"}],
    ),
    "free-text ref with a link": Case(
        "Al-Tawhid Brigade",
        "[[Abdul Qader Saleh]]<ref>[http://english.ahram.org.eg/NewsContent/2/8/86539/World/"
        "Region/Syria-air-strike-hits-Islamist-brigade-leadership.aspx Syria air strike hits "
        "Islamist brigade leadership] [[Al Ahram]] (AFP), 15 November 2013</ref>",
        text="Abdul Qader Saleh",
        citations=[{"title": "Syria air strike hits Islamist brigade leadership"}],
    ),
    "sfn": Case(
        "Al-Tawhid Brigade",
        "Mohammed Hamadeen {{sfn|Bolling|2012|p=4}}",
        text="Mohammed Hamadeen",
        citations=[{"text": "Bolling 2012, p. 4", "date": "2012"}],
    ),
    "efn": Case(
        "Farouq Brigades (from)",
        "14,000–20,000{{efn|own claim}}",
        text="14,000–20,000",
        citations=[{"text": "own claim"}],
    ),
    "flagicon before a name": Case(
        "Jemaah Islamiyah",
        "{{flagicon|Australia}} [[Australia]] <br /> {{flagicon|Indonesia}} [[Indonesia]]",
        items=["Australia", "Indonesia"],
    ),
    "flagicon alone names its country": Case(
        "Tehrik-i-Taliban Pakistan",
        "{{flagicon|Pakistan|size=23px}}<br>{{flagicon|United States of America|size=23px}}",
        items=["Pakistan", "United States of America"],
        targets={"Pakistan": "Pakistan"},
    ),
    "flag icon (variant)": Case(
        "Liwa Abu al-Fadhal al-Abbas",
        "{{flag icon|Syria|1932}}[[Free Syrian Army]]{{flagicon image|}}",
        text="Free Syrian Army",
    ),
    "flagicon image": Case(
        "Tehrik-i-Taliban Pakistan",
        "{{flagicon image|Flag of Taliban.svg}} [[Taliban]]",
        text="Taliban",
    ),
    "flag": Case(
        "Special Groups (Iraq)",
        "[[Mahdi Army]]<br/> {{flag|Iran}}<br/>{{flag|Syria}}",
        items=["Mahdi Army", "Iran", "Syria"],
        targets={"Iran": "Iran", "Syria": "Syria"},
    ),
    "flag with name": Case(
        "Multi-National Force – Iraq",
        "{{flag|Iraq|name=Republic of Iraq}}",
        text="Republic of Iraq",
        targets={"Republic of Iraq": "Iraq"},
    ),
    "flagcountry": Case(
        "Islamic Front (Syria)",
        "{{flagcountry|Syria}}\n* [[Syrian Armed Forces]]",
        items=["Syria", "* Syrian Armed Forces"],
    ),
    "flagdeco": Case(
        "Special Groups (Iraq)",
        "{{flagdeco|Iraq}} [[Iraqi Security Forces]]<br/>{{flagdeco|Syria|1932|size=23px}} "
        "[[Free Syrian Army]]",
        items=["Iraqi Security Forces", "Free Syrian Army"],
    ),
    "country code": Case(
        "Syrian Arab Air Force",
        "{{RUS}}<br/>{{flag|China}}",
        items=["Russia", "China"],
        targets={"Russia": "Russia"},
    ),
    "country code (IOC)": Case("Iraqi Armed Forces", "{{ROM}}", text="Romania"),
    "nowrap": Case(
        "United States Armed Forces",
        "{{nowrap|[[The Pentagon]], [[Arlington County, Virginia|Arlington County]], "
        "[[Virginia]], U.S.}}",
        text="The Pentagon, Arlington County, Virginia, U.S.",
    ),
    "small tag": Case(
        "Taliban",
        "* [[Kandahar]] <small>(1996–2001)</small>\n* [[Quetta]] <small>(2001–present)</small>",
        items=["* Kandahar (1996–2001)", "* Quetta (2001–present)"],
    ),
    "small template": Case(
        "Farouq Brigades (from)",
        "[[Syrian Islamic Liberation Front]] {{small|(2012-2013)}}",
        text="Syrian Islamic Liberation Front (2012-2013)",
    ),
    "unclosed small": Case(
        "Syrian Islamic Liberation Front",
        "Syrian Islamic Liberation Front<br><small> جبهة تحرير سوريا الإسلامية <br><small>"
        "Jabha Tahrir Suriya al Islamiyyah",
        items=[
            "Syrian Islamic Liberation Front",
            "جبهة تحرير سوريا الإسلامية",
            "Jabha Tahrir Suriya al Islamiyyah",
        ],
    ),
    "KIA": Case(
        "Liwa Thuwwar al-Raqqa",
        "Abu Diab {{KIA}}<br>Abu Issa",
        items=["Abu Diab  (KIA)", "Abu Issa"],
    ),
    "KIA alt": Case(
        "Islamic Movement of Uzbekistan",
        "[[Jumma Kasimov]]{{KIA|alt=yes}}",
        text="Jumma Kasimov (KIA)",
    ),
    "WIA": Case("Liwa Abu al-Fadhal al-Abbas", "Abu Hajar{{WIA}}", text="Abu Hajar (WIA)"),
    "POW": Case(
        "Special Groups (Iraq)", "[[Qais al-Khazali]]{{POW}}", text="Qais al-Khazali (POW)"
    ),
    "executed": Case(
        "Shabiha",
        "[[Zaino Berri]] {{executed}} (Aleppo Leader)",
        text="Zaino Berri  (executed) (Aleppo Leader)",
    ),
    "lang": Case("Shabiha", "{{lang|apc|شبيحة}}", text="شبيحة"),
    "lang-ar": Case(
        "Al-Nusra Front", "({{lang-ar|جبهة النصرة لأهل الشام}})", text="(جبهة النصرة لأهل الشام)"
    ),
    "rtl-lang": Case(
        "Lashkar-e-Taiba",
        "Lashkar-e-Taiba<br />{{rtl-lang|ur|لشکرطیبہ}}",
        items=["Lashkar-e-Taiba", "لشکرطیبہ"],
    ),
    "Nastaliq in lang-ur": Case(
        "Lashkar-e-Taiba", "{{lang-ur|{{Nastaliq|لشکرطیبہ}}}}", text="لشکرطیبہ"
    ),
    "transl": Case(
        "Islamic Muthanna Movement (from)",
        "{{transl|ar|DIN|Harakat al-Muthanna al-Islamiya}}",
        text="Harakat al-Muthanna al-Islamiya",
    ),
    "native name": Case("Sham Legion (from)", "{{native name|ar|فيلق الشام}}", text="فيلق الشام"),
    "unbulleted list": Case(
        "Iraqi Armed Forces",
        "{{unbulleted list |class=nowrap\n  | {{flagicon image|Iraqi Ground Forces Flag.svg}} "
        "[[Iraqi Army|Army]]\n  | {{flagicon image|Iraqi Navy Flag.svg}} [[Iraqi Navy|Navy]]\n }}",
        items=["Army", "Navy"],
        targets={"Army": "Iraqi Army", "Navy": "Iraqi Navy"},
    ),
    "unbulleted list with refs": Case(
        "Al-Qaeda",
        "{{unbulleted list\n| '''[[al-Qaeda in the Indian Subcontinent|In India]]:''' 300<ref "
        'name="The Sunday Guardian">{{cite news|url=http://www.sunday-guardian.com/news/al-qaeda-'
        "finds-base-in-india-modi-is-on-its-radar|title=Al Qaeda finds base in India, Modi is on "
        "its radar|work=The Sunday Guardian|date=March 29, 2014|accessdate=June 5, 2014}}</ref>\n"
        "| '''Total:''' 19,015–27,215+\n}}",
        items=["In India: 300", "Total: 19,015–27,215+"],
        citations=[{"work": "The Sunday Guardian", "date": "March 29, 2014"}],
    ),
    "ubl": Case(
        "Jihad in the Path of God Brigade (from)",
        "{{ubl|[[Free Syrian Army]]|[[Euphrates Volcano]]}}",
        items=["Free Syrian Army", "Euphrates Volcano"],
    ),
    "plainlist": Case(
        "Jaish al-Salam (from)",
        "{{plainlist|\n* [[Jihad in the Path of God Brigade]]\n* [[al-Tahrir Brigade]]\n}}",
        items=["* Jihad in the Path of God Brigade", "* al-Tahrir Brigade"],
    ),
    "hlist": Case(
        "Jabhat al-Akrad (from)",
        "{{hlist|[[Aleppo Governorate]]|[[Raqqa Governorate]]}}",
        items=["Aleppo Governorate", "Raqqa Governorate"],
    ),
    "flatlist": Case(
        "New Syrian Forces (from)",
        "{{flatlist|\n* [[Islamic State of Iraq and the Levant]]\n* [[al-Nusra Front]]\n}}",
        items=["* Islamic State of Iraq and the Levant", "* al-Nusra Front"],
    ),
    "collapsible list": Case(
        "Multi-National Force – Iraq",
        "{{Collapsible list\n|bullets=yes\n|title=''Contributing Nations:''\n|{{flag|United "
        "States}} <small>(2004-2009)</small>\n|{{flag|Romania}}<small>(2004-2009)</small>\n}}",
        items=["United States (2004-2009)", "Romania(2004-2009)"],
    ),
    "collapsible list with nobold title": Case(
        "Iraqi Armed Forces",
        "{{collapsible list |title={{nobold|[[Military history of Iraq]]}} |[[Anglo-Iraqi War]] "
        "|[[Gulf War]]}}",
        items=["Anglo-Iraqi War", "Gulf War"],
    ),
    "convert": Case("(a distance; the file has none)", "{{convert|100|km|mi}}", text="100 km"),
    "convert range": Case(
        "(a distance; the file has none)", "{{convert|10|-|20|km|mi}}", text="10–20 km"
    ),
    "spaced ndash": Case(
        "National Defence Forces (Syria)",
        "1 November 2012{{spaced ndash}}present",
        text="1 November 2012 – present",
    ),
    "snd": Case(
        "Mujahideen Shura Council (Iraq) (from)",
        "January 2006{{snd}}October 2006",
        text="January 2006 – October 2006",
    ),
    "ndash": Case("Farouq Brigades (from)", "14,000{{ndash}}20,000", text="14,000–20,000"),
    "mdash": Case("Farouq Brigades (from)", "2011{{mdash}}?", text="2011—?"),
    "start date": Case(
        "National Defence Forces (Syria) (from)",
        "{{start date|2012|11|1}}{{spaced ndash}}present",
        text="1 November 2012 – present",
    ),
    "end date": Case(
        "Multi-National Force – Iraq (from)",
        "{{start date|2004|5|14}}{{spaced ndash}}{{end date|2009|12|31}}",
        text="14 May 2004 – 31 December 2009",
    ),
    "start date and age": Case(
        "Al-Nusra Front (from)", "{{start date and age|2012|01|23|df=yes}}", text="23 January 2012"
    ),
    "birth date": Case("(from) a month and year", "{{birth date|2013|12}}", text="December 2013"),
    "start date, year only": Case("Lashkar-e-Taiba (from)", "{{start date|1986}}", text="1986"),
    "circa": Case("Lashkar-e-Taiba (from)", "{{circa|1986}}–present", text="c. 1986–present"),
    "c.": Case("Green Battalion (from)", "{{c.|2014}}", text="c. 2014"),
    "formatnum": Case(
        "National Defence Forces (Syria) (from)", "{{formatnum:100000}}", text="100,000"
    ),
    "br": Case(
        "Ahrar al-Jazeera",
        "[[Syrian Armed Forces]]<br> [[People's Protection Units]]",
        items=["Syrian Armed Forces", "People's Protection Units"],
    ),
    "{{-}} separates": Case(
        "Al-Tawhid Brigade",
        "Ahrar al-Shamal Brigade{{-}}Fursan al-Jabal Brigade{{-}}Daret Izza Brigade",
        items=["Ahrar al-Shamal Brigade", "Fursan al-Jabal Brigade", "Daret Izza Brigade"],
    ),
    "longitem": Case(
        "Iraqi Armed Forces",
        "{{longitem|Chief of Staff,<br/>Iraqi Joint Forces}}",
        items=["Chief of Staff,", "Iraqi Joint Forces"],
    ),
    "maintenance templates render nothing": Case(
        "Syrian Islamic Liberation Front",
        "Sarjeh, [[Idlib Governorate]]{{citation needed|date=June 2013}}",
        text="Sarjeh, Idlib Governorate",
    ),
    "dead link": Case(
        "Shabiha",
        "[[Battle of Tremseh]]<ref>[http://abcnewsradioonline.com/world-news/syrian-army-denies-"
        "using-heavy-artillery-in-tremesh-assault.html ]{{dead link|date=September 2013}}</ref>",
        text="Battle of Tremseh",
        citations=[
            {
                "url": "http://abcnewsradioonline.com/world-news/syrian-army-denies-using-"
                "heavy-artillery-in-tremesh-assault.html"
            }
        ],
    ),
    "file links render nothing": Case(
        "Jemaah Islamiyah",
        "[[File:Flag of al-Qaeda.svg|border|23px]] [[al-Qaeda]]",
        text="al-Qaeda",
    ),
    "comments render nothing": Case(
        "Al-Nusra Front",
        "[[Al-Qaeda]]<br><!--{{flagicon image|MishmashLogo.png|200px}}-->[[Army of Conquest]]",
        items=["Al-Qaeda", "Army of Conquest"],
    ),
    "piped link shows its label, names its target": Case(
        "National Defence Forces (Syria)",
        "[[Syria|Syrian Arab Republic]]",
        text="Syrian Arab Republic",
        targets={"Syrian Arab Republic": "Syria"},
    ),
    "section link names no page": Case(
        "Special Groups (Iraq)",
        "[[Iraqi insurgency (Iraq War)#Sunni Islamist|Sunni Insurgents]]",
        text="Sunni Insurgents",
    ),
    "bold headers are not items": Case(
        "Taliban",
        "'''Non-state opponents'''<br>\n{{flagicon image|Flag of Jamiat-e Islami.svg}} "
        "[[Jamiat-e Islami]]",
        items=["Jamiat-e Islami"],
    ),
    "stars keep their depth": Case(
        "Liwa Thuwwar al-Raqqa",
        "[[Syrian Civil War]]\n* [[Syrian Kurdish–Islamist conflict (2013-present)]]\n** "
        "[[Battle of Raqqa]]",
        items=[
            "Syrian Civil War",
            "* Syrian Kurdish–Islamist conflict (2013-present)",
            "** Battle of Raqqa",
        ],
    ),
    "html entity": Case(
        "United States Armed Forces",
        "[[World War&nbsp;II]] (1941–1945)",
        text="World War II (1941–1945)",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_template(name: str) -> None:
    case = CASES[name]
    f, text = render(case.value)
    if case.text is not None:
        assert f.value.text == case.text
    if case.items is not None:
        assert [i.text for i in f.items] == case.items
    assert len(f.citations) == len(case.citations)
    for (_, _, citation), expected in zip(f.citations, case.citations, strict=True):
        assert isinstance(citation, Citation)
        for key, value in expected.items():
            assert getattr(citation, key) == value, key
    pieces = {i.text: i for i in (f.items or [f.value])}
    for label, target in case.targets.items():
        assert link_target(f, pieces[label]) == target
    # Whatever a template made of it, the value cites the raw wikitext it came from.
    lo, hi = f.value.source_span()
    value_at = text.index(" = ") + 3
    assert value_at <= lo <= hi <= value_at + len(case.value)


def test_citations_stand_right_after_the_text_they_cite() -> None:
    f, _ = render(CASES["unbulleted list with refs"].value)
    ((pos, end, _),) = f.citations
    assert pos == end == len("In India: 300")


def test_named_reference_is_reused_anywhere_on_the_page() -> None:
    text = (
        "{{Infobox war faction\n| leaders = Abu Wael<ref name=sc/>\n}}\n"
        "'''X''' is a group.<ref name=sc>{{cite news|url=http://www.joshualandis.com/blog/"
        "factions-raqqa-province/|title=The Factions of Raqqa Province|date=29 July 2014|"
        "publisher=Syria Comment|accessdate=25 August 2014}}</ref>\n"
    )
    article = parse_wikitext(Document(text, "X", "mem", "wikitext"))
    ((_, _, citation),) = article.fields[0].citations
    assert citation.title == "The Factions of Raqqa Province"
    assert citation.date == "29 July 2014"
    assert citation.name == "sc"
    (paragraph,) = article.paragraphs
    assert paragraph.citations[0][2] == citation
