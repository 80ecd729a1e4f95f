"""Convert one .docx to PDF in a resident LibreOffice, over UNO.

Run by the system's Python (`/usr/bin/python3`), not the project's: Debian's
`python3-uno` (installed with LibreOffice) is built for it. It imports nothing of
trithuc; `reports.pdf` runs it as

    /usr/bin/python3 uno_pdf.py PIPE_NAME SOURCE.docx TARGET.pdf WAIT_SECONDS

Exit status: 0 converted; 3 no LibreOffice listens on the pipe (after waiting
WAIT_SECONDS for one that is starting); 4 LibreOffice could not open or write the file.
"""

import sys
import time

sys.path.append("/usr/lib/python3/dist-packages")  # Debian's python3-uno

import uno  # noqa: E402
from com.sun.star.beans import PropertyValue  # noqa: E402
from com.sun.star.connection import NoConnectException  # noqa: E402

NO_LISTENER = 3
FAILED = 4


def _property(name: str, value: object) -> PropertyValue:
    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def _desktop(pipe: str, wait: float) -> object | None:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + wait
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.25)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def main(pipe: str, source: str, target: str, wait: str) -> int:
    desktop = _desktop(pipe, float(wait))
    if desktop is None:
        return NO_LISTENER
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, (_property("Hidden", True),)
    )
    if document is None:
        return FAILED
    try:
        document.storeToURL(
            uno.systemPathToFileUrl(target), (_property("FilterName", "writer_pdf_Export"),)
        )
    finally:
        document.close(True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
