"""writers/pdf/objects: Python values in PDF syntax, and a file whose bytes follow from them."""

from __future__ import annotations

import re

from briefgen.writers.pdf.objects import Name, PdfFile, Raw, Ref, serialize, text_string


def test_values_are_written_in_pdf_syntax():
    assert serialize({"Type": Name("Font"), "W": [1, [500, 250.5]], "F": None, "M": True,
                      "R": Ref(7), "X": Raw(b"<00>")}) == \
        b"<</Type /Font/W [1 [500 250.5]]/F null/M true/R 7 0 R/X <00>>>"
    assert serialize(Name("A B#")) == b"/A#20B#23"
    assert serialize(b"a(b)") == rb"(a\(b\))"


def test_text_is_ascii_when_it_can_be_and_utf16_with_a_byte_order_mark_otherwise():
    assert text_string("Iraq") == b"(Iraq)"
    assert text_string("عراق") == b"<FEFF0639063106270642>"


def test_the_file_id_follows_from_the_objects_and_every_offset_is_right():
    def build(title: str) -> bytes:
        pdf = PdfFile()
        catalog = pdf.reserve()
        info = pdf.add({"Title": title})
        pages = pdf.add({"Type": Name("Pages"), "Kids": [], "Count": 0})
        pdf.put(catalog, {"Type": Name("Catalog"), "Pages": pages})
        return pdf.tobytes(catalog, info)

    first, again, other = build("a"), build("a"), build("b")
    assert first == again and first != other
    ids = [re.search(rb"/ID \[<(\w+)>", data).group(1) for data in (first, other)]
    assert ids[0] != ids[1]
    offsets = [int(n) for n in re.findall(rb"(\d{10}) 00000 n", first)]
    for number, offset in enumerate(offsets, start=1):
        assert first[offset:].startswith(b"%d 0 obj" % number)
