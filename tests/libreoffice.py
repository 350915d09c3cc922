"""Documents as LibreOffice opens them: DOCX files -> the PDFs `soffice --headless` makes.

Each conversion runs with a user profile of its own (runs never share or lock one), and all
the files of one call are converted at once, one soffice process each.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import require_tool


def convert_to_pdf(
    documents: list[Path], out: Path, env: dict[str, str] | None = None, timeout: int = 300
) -> dict[Path, Path]:
    """Convert every document to PDF under `out`: {document: its PDF}."""
    soffice = require_tool("soffice")
    running = []
    for number, document in enumerate(documents):
        folder = out / f"lo-{number}"
        folder.mkdir(parents=True, exist_ok=True)
        command = [soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(folder), str(document)]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        running.append((document, folder / f"{document.stem}.pdf", process))
    converted = {}
    try:
        for document, pdf, process in running:
            _, errors = process.communicate(timeout=timeout)
            assert process.returncode == 0 and pdf.exists(), (
                f"LibreOffice did not convert {document.name}: {errors.decode(errors='replace')}"
            )
            converted[document] = pdf
    finally:
        for _, _, process in running:  # after a failure or a timeout, leave none behind
            if process.poll() is None:
                process.kill()
                process.wait()
    return converted
