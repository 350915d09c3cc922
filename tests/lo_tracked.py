"""Read DOCX files in LibreOffice through its UNO API, with tracked changes as they are, all
accepted, and all rejected: a helper of tests/writers/test_docx_redline.py, run by the
system's python3 (Debian's python3-uno), not by the project's virtual environment.

    /usr/bin/python3 tests/lo_tracked.py PROFILE_DIR FILE.docx ...

starts one headless soffice (its own profile in PROFILE_DIR), and prints one JSON object:
{file: {"changes": [[type, author, date], ...], "as_is": text, and for a file with tracked
changes "accepted": text, "rejected": text, "odt": content.xml of the file saved as ODT}}.
Each text is the document's body as LibreOffice exports it to plain text (paragraphs and
table cells one a line), without its table of contents (an index that Writer builds from
the headings). The ODT is written by the filter `soffice --convert-to odt` uses (writer8).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

PIPE = f"briefgen_tracked_{os.getpid()}"


def props(**values: object) -> tuple:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def connect(profile: Path) -> tuple[subprocess.Popen, object, object]:
    soffice = subprocess.Popen([
        "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
        "--nologo", "--norestore", f"--accept=pipe,name={PIPE};urp;StarOffice.ComponentContext",
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={PIPE};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            time.sleep(0.1)
    else:
        soffice.kill()
        raise SystemExit("soffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatcher = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", ctx)
    return soffice, desktop, dispatcher


def odt_content(desktop: object, path: Path) -> str:
    doc = desktop.loadComponentFromURL(path.resolve().as_uri(), "_blank", 0, props(Hidden=True))
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "file.odt"
            doc.storeToURL(out.as_uri(), props(FilterName="writer8"))
            with zipfile.ZipFile(out) as archive:
                return archive.read("content.xml").decode("utf-8")
    finally:
        doc.close(True)


def text_of(desktop: object, dispatcher: object, path: Path, command: str | None) -> tuple:
    doc = desktop.loadComponentFromURL(path.resolve().as_uri(), "_blank", 0, props(Hidden=True))
    try:
        changes = []
        redlines = doc.getRedlines().createEnumeration()
        while redlines.hasMoreElements():
            redline = redlines.nextElement()
            when = redline.getPropertyValue("RedlineDateTime")
            changes.append([redline.getPropertyValue("RedlineType"),
                            redline.getPropertyValue("RedlineAuthor"),
                            f"{when.Year:04d}-{when.Month:02d}-{when.Day:02d}"])
        if command:
            frame = doc.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, command, "", 0, ())
        indexes = doc.getDocumentIndexes()
        for k in reversed(range(indexes.getCount())):
            indexes.getByIndex(k).dispose()
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "text.txt"
            doc.storeToURL(out.as_uri(), props(FilterName="Text (encoded)",
                                               FilterOptions="UTF8,LF"))
            return changes, out.read_text(encoding="utf-8-sig")
    finally:
        doc.close(True)


def main(profile: str, files: list[str]) -> None:
    soffice, desktop, dispatcher = connect(Path(profile))
    try:
        result = {}
        for name in files:
            path = Path(name)
            changes, as_is = text_of(desktop, dispatcher, path, None)
            result[name] = {"changes": changes, "as_is": as_is}
            if changes:
                _, accepted = text_of(desktop, dispatcher, path, ".uno:AcceptAllTrackedChanges")
                _, rejected = text_of(desktop, dispatcher, path, ".uno:RejectAllTrackedChanges")
                result[name].update(accepted=accepted, rejected=rejected,
                                    odt=odt_content(desktop, path))
        print(json.dumps(result, ensure_ascii=False))
    finally:
        with contextlib.suppress(Exception):  # the bridge closes as soffice ends
            desktop.terminate()
        try:
            soffice.wait(timeout=30)
        except subprocess.TimeoutExpired:
            soffice.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
