"""Legacy Word (.doc), OpenDocument (.odt, .fodt) and RTF drafts, converted to .docx by LibreOffice
in headless mode, then read like any Word draft. The places then name paragraphs and table cells
of the converted document, which keeps the original's paragraphs and tables in order."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from engine.errors import InputError, Say

CONVERT_TIMEOUT_SECONDS = 180
INSTALL_HINT = Say("cài LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; "
                   "Windows, macOS: libreoffice.org), hoặc lưu dự thảo dạng .docx",
                   "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui; "
                   "Windows, macOS: libreoffice.org), or save the draft as .docx")
_SAVE_AS_DOCX = Say("mở tệp bằng LibreOffice hoặc Word rồi lưu dạng .docx",
                    "open it in LibreOffice or Word and save it as .docx")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def converted_to_docx(path: Path, shown: str) -> bytes:
    """The bytes of `path` converted to .docx. The input is copied first, so that nothing is
    written beside it, whatever its name."""
    program = soffice()
    if program is None:
        raise InputError(shown, None, Say(f"dự thảo {path.suffix} được đọc qua LibreOffice, mà máy chưa cài",
                                          f"{path.suffix} drafts are read through LibreOffice, which is not installed"),
                         INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="cchc-convert-") as tmp:
        work = Path(tmp)
        source = work / "in" / f"draft{path.suffix.lower()}"
        source.parent.mkdir()
        shutil.copyfile(path, source)
        # A profile of its own: a LibreOffice the user has open, or another conversion running
        # at the same time, would otherwise hold the lock and the conversion would silently do nothing.
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"),
                   str(source)]
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=CONVERT_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(shown, None, Say(f"LibreOffice không chuyển đổi xong tệp trong {CONVERT_TIMEOUT_SECONDS} giây",
                                              f"LibreOffice did not convert the file within {CONVERT_TIMEOUT_SECONDS} s"),
                             _SAVE_AS_DOCX) from None
        converted = work / "out" / "draft.docx"
        if not converted.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            reason = f" ({said[-1]})" if said else ""
            raise InputError(shown, None, Say(f"LibreOffice không chuyển đổi được tệp{reason}",
                                              f"LibreOffice could not convert the file{reason}"),
                             _SAVE_AS_DOCX)
        return converted.read_bytes()
