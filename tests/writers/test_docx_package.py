"""The DOCX package: byte-identical output, and fonts embedded, subset and obfuscated."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from sample_document import sample_document

from briefgen.writers.docx.document import write_docx
from briefgen.writers.docx.embed import (
    FONT_CONTENT_TYPE,
    FONT_REL_TYPE,
    font_key,
    key_bytes,
    obfuscate,
)
from briefgen.writers.fonts import load_fontset

FONTS = load_fontset(Path(__file__).resolve().parents[2] / "fonts")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


@pytest.fixture(scope="module")
def ar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pkg") / "ar.docx"
    write_docx(sample_document("ar", "arabic-indic"), FONTS, path)
    return path


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_same_document_gives_the_same_bytes(lang: str, tmp_path: Path) -> None:
    write_docx(sample_document(lang), FONTS, tmp_path / "a.docx")
    write_docx(sample_document(lang), FONTS, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_zip_entries_have_a_fixed_time_and_order(ar: Path) -> None:
    with zipfile.ZipFile(ar) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_font_key_is_an_uppercase_braced_guid_from_the_file_hash() -> None:
    key = font_key(FONTS.arabic_regular.read_bytes())
    assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", key)
    assert key == font_key(FONTS.arabic_regular.read_bytes())
    assert key != font_key(FONTS.arabic_bold.read_bytes())


def test_key_bytes_are_the_guid_hex_pairs_reversed_and_xor_covers_32_bytes() -> None:
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    assert key_bytes(key) == bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    data = bytes(40)
    assert obfuscate(data, key) == key_bytes(key) * 2 + bytes(8)
    assert obfuscate(obfuscate(b"x" * 50, key), key) == b"x" * 50


def test_font_table_embeds_regular_and_bold_with_keys(ar: Path) -> None:
    with zipfile.ZipFile(ar) as archive:
        table = etree.fromstring(archive.read("word/fontTable.xml"))
        rels = etree.fromstring(archive.read("word/_rels/fontTable.xml.rels"))
        types = archive.read("[Content_Types].xml").decode()
    slots = {
        (f.get(f"{{{W}}}name"), etree.QName(e).localname)
        for f in table.findall("w:font", NS)
        for e in f
        if etree.QName(e).localname.startswith("embed")
    }
    assert {("Noto Naskh Arabic", "embedRegular"), ("Noto Naskh Arabic", "embedBold"),
            ("Noto Serif", "embedRegular"), ("Noto Serif", "embedBold")} <= slots  # fmt: skip
    assert {r.get("Type") for r in rels} == {FONT_REL_TYPE}
    assert f'Extension="odttf" ContentType="{FONT_CONTENT_TYPE}"' in types
    settings = zipfile.ZipFile(ar).read("word/settings.xml")
    assert b"embedTrueTypeFonts" in settings


def embedded(path: Path) -> dict[tuple[str, str], TTFont]:
    """Every embedded face, de-obfuscated with its key and opened with fontTools."""
    with zipfile.ZipFile(path) as archive:
        table = etree.fromstring(archive.read("word/fontTable.xml"))
        rels = etree.fromstring(archive.read("word/_rels/fontTable.xml.rels"))
        targets = {r.get("Id"): "word/" + r.get("Target") for r in rels}
        faces = {}
        for font in table.findall("w:font", NS):
            for embed in font:
                if not etree.QName(embed).localname.startswith("embed"):
                    continue
                data = archive.read(targets[embed.get(f"{{{R}}}id")])
                clear = obfuscate(data, embed.get(f"{{{W}}}fontKey"))
                key = (font.get(f"{{{W}}}name"), etree.QName(embed).localname)
                faces[key] = TTFont(BytesIO(clear))
    return faces


def test_embedded_fonts_deobfuscate_to_fonts_subset_to_whole_blocks(ar: Path) -> None:
    faces = embedded(ar)
    assert len(faces) == 5
    naskh = faces[("Noto Naskh Arabic", "embedRegular")]
    assert naskh["name"].getDebugName(1) == "Noto Naskh Arabic"
    cmap = naskh.getBestCmap()
    # whole blocks, not only the characters the paper uses: ڤ (U+06A4) is not in the sample
    assert {0x0627, 0x0661, 0x06A4, 0x060C, 0xFEFB} <= set(cmap)
    assert "GSUB" in naskh  # joining forms and ligatures kept
    serif = faces[("Noto Serif", "embedRegular")].getBestCmap()
    assert {0x0041, 0x00E9, 0x2014} <= set(serif)
    assert not [c for c in serif if 0x0400 <= c <= 0x04FF]  # Cyrillic dropped


def test_the_theme_part_is_related_typed_and_names_the_shipped_faces(ar: Path) -> None:
    with zipfile.ZipFile(ar) as archive:
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        types = archive.read("[Content_Types].xml").decode()
        theme = etree.fromstring(archive.read("word/theme/theme1.xml"))
    related = {r.get("Type").rsplit("/", 1)[-1]: r.get("Target") for r in rels}
    assert related["theme"] == "theme/theme1.xml"
    assert 'PartName="/word/theme/theme1.xml"' in types
    a = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for kind in ("majorFont", "minorFont"):
        fonts = theme.find(f"a:themeElements/a:fontScheme/a:{kind}", a)
        assert fonts.find("a:latin", a).get("typeface") == FONTS.latin_family
        assert fonts.find("a:cs", a).get("typeface") == FONTS.arabic_family
    for name in ("fillStyleLst", "lnStyleLst", "effectStyleLst", "bgFillStyleLst"):
        assert len(theme.find(f"a:themeElements/a:fmtScheme/a:{name}", a)) == 3
