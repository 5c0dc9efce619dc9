"""Autosaved answers, one slot per session (no Qt): a second window or a new request never
overwrites what an earlier session left after a crash; only the user's Restore or Discard
removes a recovered slot."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .. import storage

FOLDER = "recovery"
#: the single slot of earlier versions, still offered once
LEGACY = ("recovery.json", "recovery-meta.json")


@dataclass(frozen=True)
class Slot:
    """One session's autosaved answers."""

    case_file: Path
    meta_file: Path
    path: str = ""       # the case file the answers belong to ('' = not yet saved)
    saved_at: str = ""
    pid: int = 0


def new_session() -> str:
    return f"{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}"


def _alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return False  # this process's other sessions are from windows that are gone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


class RecoveryStore:
    """The recovery slots under `data_dir`; this session writes only its own."""

    def __init__(self, data_dir: Path, session: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.session = session or new_session()
        self.folder = self.data_dir / FOLDER

    @property
    def own(self) -> Slot:
        return Slot(self.folder / f"{self.session}.json",
                    self.folder / f"{self.session}.meta.json")

    def write(self, case: object, path: Path | None) -> None:
        """Save this session's answers (atomically); OSError if the folder is not writable."""
        slot = self.own
        storage.atomic_write_bytes(slot.case_file, storage.file_bytes(case, slot.case_file))
        meta = {"path": str(path or ""), "pid": os.getpid(),
                "saved_at": dt.datetime.now().isoformat(timespec="seconds")}
        storage.atomic_write_bytes(slot.meta_file, json.dumps(meta).encode("utf-8"))

    def clear_own(self) -> None:
        self.remove(self.own)

    @staticmethod
    def remove(slot: Slot) -> None:
        for f in (slot.case_file, slot.meta_file):
            with contextlib.suppress(FileNotFoundError):
                f.unlink()

    def pending(self) -> list[Slot]:
        """Slots other sessions left behind (newest first); running sessions' are skipped."""
        found: list[Slot] = []
        legacy = self.data_dir / LEGACY[0]
        if legacy.exists():
            found.append(self._slot(legacy, self.data_dir / LEGACY[1]))
        if self.folder.is_dir():
            for case_file in self.folder.glob("*.json"):
                if case_file.name.endswith(".meta.json") or case_file == self.own.case_file:
                    continue
                slot = self._slot(case_file, case_file.with_name(
                    case_file.name[:-len(".json")] + ".meta.json"))
                if not _alive(slot.pid):
                    found.append(slot)
        return sorted(found, key=lambda s: s.saved_at, reverse=True)

    @staticmethod
    def _slot(case_file: Path, meta_file: Path) -> Slot:
        try:
            meta = json.loads(meta_file.read_text("utf-8"))
            return Slot(case_file, meta_file, str(meta.get("path", "")),
                        str(meta.get("saved_at", "")), int(meta.get("pid", 0) or 0))
        except (OSError, ValueError, TypeError, AttributeError):
            return Slot(case_file, meta_file)
