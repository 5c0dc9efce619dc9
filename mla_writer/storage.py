"""Case files on disk: versioned JSON, validated as a whole, written atomically.

All reading and writing of case files goes through this module, so encryption at rest can be
added in one place. A file that cannot be read loads nothing: the caller gets a `CaseFileError`
naming the JSON path and what was expected.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .domain.model import ASSISTANCE_TYPES, SCHEMA_VERSION, CaseFile


class CaseFileError(Exception):
    """A case file could not be read or written; the message names the file and the problem."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        head = self.args[0]
        if not self.problems:
            return head
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


def json_path(loc: tuple[Any, ...]) -> str:
    """('request', 'persons', 0, 'sex') -> '$.request.persons[0].sex'."""
    out = "$"
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}"
    return out


def _describe(err: dict[str, Any]) -> str:
    # Drop pydantic's union-tag segments (e.g. 'bank_records') that are not real JSON keys.
    raw = tuple(err["loc"])
    loc = tuple(
        part for i, part in enumerate(raw)
        if not (i >= 2 and raw[i - 2] == "assistance" and isinstance(raw[i - 1], int)
                and part in ASSISTANCE_TYPES)
    )
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown field (not part of the case-file schema)"
    elif err["type"] == "missing":
        msg = "required field is missing"
    value = err.get("input")
    shown = "" if err["type"] in ("extra_forbidden", "missing") else f" (found {_short(value)})"
    return f"{json_path(loc)}: {msg}{shown}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


# Migrations: from_version -> function turning that version's dict into the next version's.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older case-file dict up to SCHEMA_VERSION, one step at a time."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CaseFileError(
            f"$.schema_version: expected an integer version, found {_short(version)}")
    if version > SCHEMA_VERSION:
        raise CaseFileError(
            f"$.schema_version: this file was written by a newer mla-writer (schema {version});"
            f" this version reads up to schema {SCHEMA_VERSION}")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CaseFileError(f"$.schema_version: no migration from schema version {version}")
        data = step(data)
        version = data["schema_version"]
    return data


def case_from_dict(data: Any, source: str = "case file") -> CaseFile:
    """Validate a decoded JSON document as a case file, migrating older versions."""
    if not isinstance(data, dict):
        raise CaseFileError(f"{source}: $: expected a JSON object, found {type(data).__name__}")
    try:
        data = migrate(dict(data))
    except CaseFileError as exc:
        raise CaseFileError(f"{source}: {exc.args[0]}") from None
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e) for e in exc.errors()]
        raise CaseFileError(f"{source} is not a valid case file:", problems) from None


def case_to_dict(case: CaseFile) -> dict[str, Any]:
    return case.model_dump(mode="json")


def dumps(case: CaseFile) -> str:
    return json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"


def loads(text: str, source: str = "case file") -> CaseFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    return case_from_dict(data, source)


def load(path: str | os.PathLike[str]) -> CaseFile:
    """Read a case file; raises CaseFileError with the file name and every problem found."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CaseFileError(f"{p}: cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    return loads(text, str(p))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write to a temporary file beside `path`, flush and fsync, then rename over it.

    A crash at any moment leaves either the old file or the new one, never a torn mix.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o600)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(p.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def save(case: CaseFile, path: str | os.PathLike[str]) -> None:
    """Save a case file atomically (the last good file survives a crash mid-save)."""
    try:
        atomic_write_bytes(path, dumps(case).encode("utf-8"))
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot write the file: {exc.strerror or exc}") from None


def json_schema() -> dict[str, Any]:
    """The case-file JSON Schema, derived from the request model."""
    schema = CaseFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://mla-writer.example/schema/case-file-v{SCHEMA_VERSION}.json"
    return schema
