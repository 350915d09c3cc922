"""writers/pdf/objects: Python values in PDF syntax, and a file whose bytes follow from them."""

from __future__ import annotations

import io
import re
import zlib

import pytest

from briefgen.writers.pdf.objects import (
    OBJECTS_PER_STREAM,
    Name,
    PdfFile,
    Raw,
    Ref,
    serialize,
    text_string,
)


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
        out = io.BytesIO()
        pdf.write(out, catalog, info)
        return out.getvalue()

    first, again, other = build("a"), build("a"), build("b")
    assert first == again and first != other
    ids = [re.search(rb"/ID \[<(\w+)>", data).group(1) for data in (first, other)]
    assert ids[0] != ids[1]
    offsets = [int(n) for n in re.findall(rb"(\d{10}) 00000 n", first)]
    for number, offset in enumerate(offsets, start=1):
        assert first[offset:].startswith(b"%d 0 obj" % number)


def test_objects_are_packed_and_compressed_as_soon_as_an_object_stream_is_full():
    pdf = PdfFile()
    for n in range(OBJECTS_PER_STREAM * 2 + 5):
        pdf.add({"N": n})
    assert len(pdf._packs) == 2 and len(pdf._waiting) == 5  # a long paper's tree never
    # waits whole, uncompressed, for the file to be written
    members, head, data = pdf._packs[0]
    assert members == list(range(1, OBJECTS_PER_STREAM + 1))
    text = zlib.decompress(data)
    assert text.startswith(head) and b"<</N 0>>\n<</N 1>>" in text


def test_an_object_given_twice_or_never_is_an_error():
    pdf = PdfFile()
    ref = pdf.add({"A": 1})
    with pytest.raises(ValueError, match="given twice"):
        pdf.put(ref, {"A": 2})
    catalog = pdf.reserve()
    with pytest.raises(ValueError, match=f"object {catalog.number} was reserved and never"):
        pdf.write(io.BytesIO(), catalog, ref)
