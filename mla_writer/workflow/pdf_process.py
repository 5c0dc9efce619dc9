"""The process that writes a build's PDFs: forked at the very start of `mla-writer build`,
it loads reportlab and the fonts while the main process loads the request model, the case and
the profiles and makes the documents; it lays out the PDFs of the documents handed to it
while the main process checks the case, and writes them only once told the build may go
ahead (`produce`, see its module's note).

The commit protocol, through a pipe: one line per document (JSON: [path, document data]), as
each is made, then the line "commit". Each PDF is laid out into memory as soon as its document
arrives; nothing is written (no file, no temporary file) before "commit": a refused build
closes the pipe or ends the process, and the output folder is left as it was.

A module of its own, importing neither pydantic nor the request model: the build forks this
process before it imports them (the PDF process needs neither), so the two imports run side by
side on two cores and the PDF process starts without a copy of the model's memory.
"""

# lazy imports (start-up cost): render
from __future__ import annotations

import collections
import json
import os
import select
from collections.abc import Callable

from ..atomicfile import atomic_write_bytes
from ..signing import forked

#: environment variable: "0" writes every format in one process (`produce(parallel=True)`)
FORK_ENV = "MLA_WRITER_BUILD_FORK"
#: the line that lets the PDF process write what it has laid out
COMMIT = b"commit\n"


class PdfProcess:
    """A forked process that loads the PDF writer and its fonts at once, lays out the PDFs of
    the documents handed to it (`send`) and writes them when told to (`commit`)."""

    def __init__(self, child: forked.Child, writer: int) -> None:
        self.child = child
        self._writer: int | None = writer
        self.sent = False

    def send(self, payload: bytes) -> None:
        """Hand over one document (JSON: [path, document data], without a line break); the
        process lays it out at once but writes nothing before `commit`. OSError when the
        process is gone or has been told to commit."""
        if self._writer is None or b"\n" in payload:
            raise OSError("the PDF process takes no more documents")
        self.sent = True
        self._write(payload + b"\n")

    def commit(self) -> None:
        """Let the process write the PDFs it was handed (it reports each path written, see
        `child.reports()`); OSError when it is gone."""
        if self._writer is None or not self.sent:
            raise OSError("the PDF process has no documents to write")
        try:
            self._write(COMMIT)
        finally:
            self._close()

    def _write(self, data: bytes) -> None:
        assert self._writer is not None
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._writer, view):]
        except OSError:
            self._close()
            raise

    def _close(self) -> None:
        if self._writer is not None:
            os.close(self._writer)
            self._writer = None

    def stop(self) -> None:
        """End the process (if it still runs) and reap it; safe to call again. Before its
        `commit`, it has written nothing."""
        self._close()
        self.child.stop()


class _Inbox:
    """The lines the build sends, read ahead: what has arrived is taken out of the pipe
    before each layout, so that the build, handing over its next documents, never waits on
    a full pipe while this process lays out one (it writes the DOCX files meanwhile)."""

    def __init__(self, fd: int) -> None:
        os.set_blocking(fd, False)
        self._fd, self._part, self._eof = fd, b"", False
        self._lines: collections.deque[bytes] = collections.deque()

    def next_line(self) -> bytes:
        """The next line, with its line break (b"" when the build closed the pipe)."""
        while not self._lines and not self._eof:
            select.select([self._fd], [], [])
            self.read_ahead()
        return self._lines.popleft() if self._lines else b""

    def read_ahead(self) -> None:
        """Take what has arrived out of the pipe, without waiting."""
        while not self._eof:
            try:
                chunk = os.read(self._fd, 1 << 20)
            except BlockingIOError:
                return
            if not chunk:
                self._eof = True
                os.close(self._fd)
                return
            *lines, self._part = (self._part + chunk).split(b"\n")
            self._lines.extend(line + b"\n" for line in lines)


def start_pdf_process() -> PdfProcess | None:
    """Fork the process that will write a build's PDFs, now, so that it loads reportlab and
    the fonts while this process loads the case and makes the documents (Linux, one thread,
    no Qt, not switched off with MLA_WRITER_BUILD_FORK=0); None where it cannot start."""
    if os.environ.get(FORK_ENV, "1") == "0" or not forked.available():
        return None
    reader, writer = os.pipe()

    def job(report: Callable[[str], None]) -> None:
        os.close(writer)
        from ..render import pdf_text, pdf_writer
        from ..render.document import from_data

        pdf_text.register_fonts()
        pdf_writer.warm_up(waiting_on=reader)  # while the documents are being made
        laid_out = []
        given = _Inbox(reader)
        for line in iter(given.next_line, COMMIT):
            if not line:  # refused (or the build ended) before the commit: write nothing
                raise EOFError("the build did not commit its PDFs")
            path, data = json.loads(line)
            given.read_ahead()
            laid_out.append((path, pdf_writer.render_pdf(from_data(data))))
        for path, pdf in laid_out:
            atomic_write_bytes(path, pdf)
            report(path)

    child = forked.start(job)
    os.close(reader)
    if child is None:
        os.close(writer)
        return None
    return PdfProcess(child, writer)
