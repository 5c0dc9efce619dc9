"""The files of the annexes: attached to a case, checked, carried into the signed package.

An annex's file is recorded in the case (`model.AnnexFile`) with the SHA-256 and size it had
when attached, and its path relative to the case file's folder (absolute while the case has
no file yet), with `/` between folders: the folder of a case and its annexes can be moved or
copied as a whole. Saving the case into another folder rewrites the paths (`rebase`) so they
still point at the same files; the approval does not change (it covers the hash and size,
not the path: `review.content_hash`).

A file is `ok` while it holds what was attached, else `missing`, `changed` or `unreadable`;
`findings` says so in the checklist that `mla-writer check`, build, sign and the desktop
application share (ANNEX-FILE-MISSING, ANNEX-FILE-CHANGED, ANNEX-FILE-UNREADABLE), and
`files_for_signing` refuses to sign with any file that is not `ok`, naming the annex.
No Qt; the domain's own modules only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from ..domain.issues import Issue, Severity, english
from ..domain.model import Annex, AnnexFile, CaseFile
from ..i18n.text import N_

__all__ = ["AnnexError", "FileState", "Status", "attach", "detach", "digest", "files_for_signing",
           "findings", "folder_of", "rebase", "resolve", "state", "statuses"]

CHUNK = 1 << 20


class AnnexError(Exception):
    """An annex file cannot be attached or used; the message says which and why."""


class FileState(StrEnum):
    OK = "ok"                  # holds what was attached
    MISSING = "missing"        # no file at the recorded path
    CHANGED = "changed"        # another size or SHA-256 than when attached
    UNREADABLE = "unreadable"  # there, but cannot be read (permissions, a folder, an I/O error)


#: the checklist code of each state but `ok`
CODES = {FileState.MISSING: "ANNEX-FILE-MISSING", FileState.CHANGED: "ANNEX-FILE-CHANGED",
         FileState.UNREADABLE: "ANNEX-FILE-UNREADABLE"}


@dataclass(frozen=True)
class Status:
    """One annex and its file: `index` 0-based, `file` None when none is attached (`path`
    and `state` are then None too)."""

    index: int
    annex: Annex
    file: AnnexFile | None
    path: Path | None
    state: FileState | None


def folder_of(case_path: str | os.PathLike[str] | None) -> Path | None:
    """The folder relative paths are read from: the case file's (None: not saved yet)."""
    return Path(case_path).resolve().parent if case_path else None


def digest(path: str | os.PathLike[str]) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file's bytes; raises OSError if it cannot be read."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


#: (resolved path, size, mtime_ns, inode) -> SHA-256: a file unchanged on disk is not read
#: again each time the checklist is refreshed
_DIGESTS: dict[tuple[str, int, int, int], str] = {}


def _cached_digest(path: Path) -> tuple[str, int]:
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 256:
            _DIGESTS.clear()
        _DIGESTS[key] = digest(path)[0]
    return _DIGESTS[key], st.st_size


def _stored(path: Path, folder: Path | None) -> str:
    """How `path` (absolute) is written into the case: relative to `folder` when there is
    one (and the two are on the same drive), with `/` between folders."""
    if folder is not None:
        try:
            return PurePosixPath(*Path(os.path.relpath(path, folder)).parts).as_posix()
        except ValueError:  # another drive (Windows): relative is impossible
            pass
    return path.as_posix()


def resolve(file: AnnexFile, folder: Path | None) -> Path:
    """Where the file of `file` is: its path read from `folder` (the case file's), or from
    the current folder when the case is not saved."""
    p = Path(file.path)
    if p.is_absolute():
        return p
    return (folder or Path.cwd()) / p


def _annex(case: CaseFile, index: int) -> Annex:
    annexes = case.request.annexes
    if not 0 <= index < len(annexes):
        raise AnnexError(f"there is no annex {index + 1} (the request lists {len(annexes)})")
    return annexes[index]


def attach(case: CaseFile, index: int, source: str | os.PathLike[str],
           case_path: str | os.PathLike[str] | None = None) -> AnnexFile:
    """Attach (or replace) the file of annex `index` (0-based): its hash and size as they are
    now, its path relative to the folder of `case_path`. Raises AnnexError if there is no
    such annex or the file cannot be read. The caller saves the case."""
    annex = _annex(case, index)
    path = Path(source).expanduser().resolve()
    if not path.is_file():
        raise AnnexError(f"{source}: not a file" if path.exists() else f"{source}: not found")
    try:
        sha256, size = digest(path)
    except OSError as exc:
        raise AnnexError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    annex.file = AnnexFile(path=_stored(path, folder_of(case_path)), sha256=sha256, size=size)
    return annex.file


def detach(case: CaseFile, index: int) -> AnnexFile | None:
    """Remove the file of annex `index` from the case (the file itself is left alone); the
    file that was attached, or None."""
    annex = _annex(case, index)
    old, annex.file = annex.file, None
    return old


def rebase(case: CaseFile, old_case_path: str | os.PathLike[str] | None,
           new_case_path: str | os.PathLike[str] | None) -> int:
    """Before saving `case` as `new_case_path` (it was read from `old_case_path`, None when
    new): rewrite every annex file's path so it names the same file from the new folder
    (`new_case_path` None: absolute paths, for a case that has no file).
    Returns how many paths changed; the hashes, and so the approval, stay as they are."""
    old, new = folder_of(old_case_path), folder_of(new_case_path)
    changed = 0
    for annex in case.request.annexes:
        f = annex.file
        if f is None:
            continue
        where = _stored(resolve(f, old).resolve(), new)
        if where != f.path:
            annex.file = f.model_copy(update={"path": where})
            changed += 1
    return changed


def state(file: AnnexFile, folder: Path | None) -> FileState:
    """Whether the attached file still holds what it held when attached."""
    path = resolve(file, folder)
    try:
        if not path.exists():
            return FileState.MISSING
        if not path.is_file():
            return FileState.UNREADABLE
        sha256, size = _cached_digest(path)
    except OSError:
        return FileState.UNREADABLE
    return FileState.OK if (sha256, size) == (file.sha256, file.size) else FileState.CHANGED


def statuses(case: CaseFile, case_path: str | os.PathLike[str] | None = None) -> list[Status]:
    """Every annex of the request with its file (if any) and that file's state."""
    folder = folder_of(case_path)
    out = []
    for n, annex in enumerate(case.request.annexes):
        f = annex.file
        out.append(Status(n, annex, f, resolve(f, folder) if f else None,
                          state(f, folder) if f else None))
    return out


_MESSAGES = {
    FileState.MISSING: (Severity.WARNING, N_(
        "The file attached to annex %(n)s (%(title)s) is not at %(path)s: it cannot go into the"
        " signed package. Put it back, or attach it again from where it is now.")),
    FileState.CHANGED: (Severity.WARNING, N_(
        "The file attached to annex %(n)s (%(title)s), %(path)s, has changed since it was"
        " attached: it is not the file that was reviewed, and signing is refused. Put back"
        " the file as it was, or attach it again (a reviewed request then needs review"
        " again).")),
    FileState.UNREADABLE: (Severity.WARNING, N_(
        "The file attached to annex %(n)s (%(title)s), %(path)s, cannot be read: it cannot go"
        " into the signed package. Check that it is a file you may read.")),
}


def findings(case: CaseFile, case_path: str | os.PathLike[str] | None = None) -> list[Issue]:
    """Checklist findings about the attached files that are not `ok` (warnings: the
    documents do not need the files, the signed package does, and signing refuses them).
    Without `case_path` a path relative to the case's folder cannot be checked: left out."""
    out = []
    for s in statuses(case, case_path):
        if s.state is None or s.state is FileState.OK or s.file is None:
            continue
        if case_path is None and not Path(s.file.path).is_absolute():
            continue
        severity, text = _MESSAGES[s.state]
        text = N_(text.msgid, n=s.index + 1, title=s.annex.title or "—", path=s.file.path)
        out.append(Issue(code=CODES[s.state], severity=severity,
                         path=f"$.request.annexes[{s.index}].file", message=english(text),
                         citation="annex files", source="annex files", status="application",
                         text=text))
    return out


def files_for_signing(case: CaseFile,
                      case_path: str | os.PathLike[str] | None = None) -> list[Path | None]:
    """The file of each annex for the signed package, in the request's order (None: no file
    attached). Raises AnnexError naming every annex whose file is missing, changed or
    unreadable: a package must carry exactly the files that were attached (and reviewed)."""
    if case_path is None and any(a.file and not Path(a.file.path).is_absolute()
                                 for a in case.request.annexes):
        raise AnnexError("the annex files are recorded relative to the case file's folder,"
                         " which is not known here; sign the saved case file")
    bad = []
    for s in statuses(case, case_path):
        if s.state is not None and s.state is not FileState.OK:
            why = {FileState.MISSING: "is missing", FileState.UNREADABLE: "cannot be read",
                   FileState.CHANGED: "has changed since it was attached (it is not the file"
                   " that was reviewed)"}[s.state]
            bad.append(f"the file of annex {s.index + 1} ({s.annex.title or '—'}), {s.path},"
                       f" {why}")
    if bad:
        raise AnnexError("; ".join(bad) + "; put the file back as it was, or attach it again"
                         " (`mla-writer annex attach`; a reviewed request then needs review"
                         " again)")
    return [s.path for s in statuses(case, case_path)]
