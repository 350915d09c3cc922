"""A small hand-built Document of every block kind, in Arabic or English, for writer tests."""

from __future__ import annotations

from briefgen.model import (
    Cell,
    Cite,
    Contents,
    Document,
    Heading,
    ListBlock,
    Meta,
    Paragraph,
    Table,
    Text,
)
from briefgen.text.numerals import to_style

AR_LONG = (
    "أعلنت كل من بغداد وواشنطن اختتام الحوار الأمني بين البلدين، إثر الزيارة التي قام بها "
    "وفد عسكري عراقي برئاسة وزير الدفاع ثابت العباسي، وجرى حوار التعاون الأمني المشترك في "
    "واشنطن من 7 إلى 8 آب/أغسطس 2023، وناقش الجانبان عمل اللجنة العسكرية العليا (HMC) "
    "وقدرات مقاتلات إف-16 ووجود نحو 2,500 جندي أميركي في العراق «بدعوة من الحكومة العراقية»."
)
EN_LONG = (
    "Baghdad and Washington announced the close of their security dialogue after an Iraqi "
    "military delegation led by Defence Minister Thabet al-Abbasi (ثابت العباسي) visited "
    "Washington on 7-8 August 2023; the two sides discussed the Higher Military Commission "
    "(HMC), the F-16 fleet and the presence of about 2,500 US troops in Iraq."
)


def sample_document(lang: str, digits: str = "western") -> Document:
    """A Document with a heading of each level, paragraphs, both lists, a table and citations."""
    ar = lang == "ar"
    d = (lambda s: to_style(s, digits)) if ar else (lambda s: s)
    cite = Cite(d("1"), "source-s1")
    body = AR_LONG if ar else EN_LONG
    meta = Meta(
        title="مستقبل التحالف الدولي في العراق" if ar else "The future of the coalition in Iraq",
        subject="الحوار الأمني" if ar else "The security dialogue",
        author="فريق الإحاطات" if ar else "Briefing team",
        keywords=["العراق", "HMC"] if ar else ["Iraq", "HMC"],
        short_title="التحالف في العراق" if ar else "The coalition in Iraq",
        handling="أُعدّت من مصادر مفتوحة" if ar else "Prepared from open sources",
        page_label="صفحة {page} من {pages}" if ar else "Page {page} of {pages}",
        date="2026-11-22",
    )
    blocks = [
        Paragraph([Text(meta.title)], role="title"),
        Paragraph([Text(meta.subject)], role="subtitle"),
        Contents("المحتويات" if ar else "Contents"),
        Heading(1, [Text("الخلفية" if ar else "Background")], "background"),
        Paragraph([Text(d(body)), Text(" "), cite]),
        Paragraph([Text("HMC " + ("لجنة عسكرية عليا" if ar else "is a commission"))]),
        Heading(2, [Text("التسلسل الزمني" if ar else "Chronology")], "chronology"),
        Table(
            header=[Cell([Text("التاريخ" if ar else "Date")]), Cell([Text("الحدث" if ar else "Event")])],
            rows=[
                [Cell([Text(d("27 كانون الثاني/يناير 2024") if ar else "27 January 2024")]),
                 Cell([Text("انطلاق أعمال اللجنة (HMC)" if ar else "The HMC begins"), Text(" "), cite])],
                [Cell([Text(d("2014"))]), Cell([Text("عودة القوات" if ar else "US forces return")])],
            ],
            widths=[1, 3],
        ),
        Heading(3, [Text("المصالح" if ar else "Interests")], "interests"),
        ListBlock([[Text("هزيمة داعش" if ar else "Defeat ISIS"), Text(" "), cite],
                   [Text("الاستقرار الإقليمي" if ar else "Regional stability", strong=True)]]),
        ListBlock([[Text("أولاً" if ar else "First")], [Text("ثانياً" if ar else "Second")]], ordered=True),
        Heading(1, [Text("المصادر" if ar else "Sources")], "sources"),
        Paragraph([Text(d("[1] ") + ("تقرير إخباري" if ar else "A news report"))], anchor="source-s1"),
        Paragraph([Text("Prepared from open sources")]),
    ]
    return Document(lang=lang, direction="rtl" if ar else "ltr", digits=digits, meta=meta, blocks=blocks)
