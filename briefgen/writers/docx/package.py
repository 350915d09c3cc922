"""The OPC package: parts (name -> bytes) -> a .docx zip with the same bytes every time.

Also builds the package-level parts: [Content_Types].xml, the relationship parts, the core
and app properties and settings.xml. Zip entries are written in a fixed order (content
types first, then by name) with a fixed timestamp, so one Document always gives one file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from briefgen.errors import OutputError
from briefgen.model import Meta
from briefgen.writers.docx.oxml import add, make, to_bytes

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

CONTENT_TYPES = {
    "/word/document.xml": f"{WML}.document.main+xml",
    "/word/styles.xml": f"{WML}.styles+xml",
    "/word/numbering.xml": f"{WML}.numbering+xml",
    "/word/settings.xml": f"{WML}.settings+xml",
    "/word/fontTable.xml": f"{WML}.fontTable+xml",
    "/word/header1.xml": f"{WML}.header+xml",
    "/word/footer1.xml": f"{WML}.footer+xml",
    "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
DOCUMENT_RELS = [
    ("rId1", f"{OFFICE_REL}/styles", "styles.xml"),
    ("rId2", f"{OFFICE_REL}/numbering", "numbering.xml"),
    ("rId3", f"{OFFICE_REL}/settings", "settings.xml"),
    ("rId4", f"{OFFICE_REL}/fontTable", "fontTable.xml"),
    ("rId5", f"{OFFICE_REL}/header", "header1.xml"),
    ("rId6", f"{OFFICE_REL}/footer", "footer1.xml"),
    ("rId7", f"{OFFICE_REL}/theme", "theme/theme1.xml"),
]
HEADER_REL_ID, FOOTER_REL_ID = "rId5", "rId6"
PACKAGE_RELS = [
    ("rId1", f"{OFFICE_REL}/officeDocument", "word/document.xml"),
    ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
             "core-properties", "docProps/core.xml"),
    ("rId3", f"{OFFICE_REL}/extended-properties", "docProps/app.xml"),
]  # fmt: skip


def content_types(extra_defaults: dict[str, str]) -> bytes:
    """[Content_Types].xml: defaults by extension, overrides for the XML parts."""
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
        **extra_defaults,
    }
    for extension, kind in sorted(defaults.items()):
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=extension, ContentType=kind)
    for name, kind in CONTENT_TYPES.items():
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=name, ContentType=kind)
    return to_bytes(root)


def relationships(rels: list[tuple[str, str, str]]) -> bytes:
    """A .rels part from (id, type, target) triples."""
    root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    for rel_id, kind, target in rels:
        etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rel_id, Type=kind, Target=target)
    return to_bytes(root)


def core_properties(meta: Meta, language: str) -> bytes:
    """docProps/core.xml: title, subject, author, keywords, language; dates from Meta.date."""
    ns = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)

    def put(prefix: str, name: str, text: str) -> etree._Element:
        element = etree.SubElement(root, f"{{{ns[prefix]}}}{name}")
        element.text = text
        return element

    put("dc", "title", meta.title)
    put("dc", "subject", meta.subject)
    put("dc", "creator", meta.author)
    put("cp", "keywords", ", ".join(meta.keywords))
    put("dc", "language", language)
    put("cp", "lastModifiedBy", meta.author)
    put("cp", "revision", "1")
    stamp = f"{meta.date}T00:00:00Z"
    for name in ("created", "modified"):
        put("dcterms", name, stamp).set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
    return to_bytes(root)


def app_properties() -> bytes:
    """docProps/app.xml: the application name only (page and word counts left to Word)."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = "briefgen"
    etree.SubElement(root, f"{{{ns}}}DocSecurity").text = "0"
    return to_bytes(root)


def settings(language: str) -> bytes:
    """settings.xml: embedded TrueType fonts, fields refreshed on opening (the contents)."""
    root = make("w:settings")
    add(root, "w:zoom", {"w:percent": "100"})
    add(root, "w:embedTrueTypeFonts")
    add(root, "w:defaultTabStop", {"w:val": "720"})
    add(root, "w:characterSpacingControl", {"w:val": "doNotCompress"})
    add(root, "w:updateFields", {"w:val": "true"})
    compat = add(root, "w:compat")
    add(compat, "w:compatSetting", {"w:name": "compatibilityMode",
                                    "w:uri": "http://schemas.microsoft.com/office/word",
                                    "w:val": "15"})  # fmt: skip
    add(root, "w:themeFontLang", {"w:val": language, "w:bidi": "ar-IQ"})
    return to_bytes(root)


def write_package(path: Path, parts: dict[str, bytes]) -> None:
    """Write `parts` as a zip at `path`: content types first, the rest by name, fixed times."""
    names = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n))
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, parts[name])
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the DOCX ({exc.strerror or exc})") from None
