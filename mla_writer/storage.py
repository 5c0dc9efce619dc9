"""Case files on disk: versioned JSON, validated as a whole, written atomically.

All reading and writing of case files goes through this module, so encryption at rest can be
added in one place. A file that cannot be read loads nothing: the caller gets a `CaseFileError`
naming the JSON path and what was expected. Validation is strict (JSON's own types: `"yes"` is
not a boolean, `0` is not a date), so the loader accepts exactly what the published schema
(`json_schema()`) accepts.
"""

from __future__ import annotations

import contextlib
import copy
import glob
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import casecrypt
from .atomicfile import atomic_write_bytes as atomic_write_bytes
from .domain.model import ASSISTANCE_TYPES, SCHEMA_VERSION, CaseFile
from .domain.review import Review

#: a temporary file or work folder untouched this long belongs to a run that was killed (a
#: save takes milliseconds, signing a package minutes)
STALE_SECONDS = 15 * 60
#: the mark in the name of a package being written (see signing.package.build_package)
PARTIAL = "partial-"

#: deeper than any case file can be (the model nests about ten levels); refused before
#: validation so that absurd nesting gives a clear message instead of a recursion error
MAX_DEPTH = 64


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


# --- validation messages in JSON terms ------------------------------------------------------

_TYPES = ", ".join(ASSISTANCE_TYPES)
_DATE = "a date as text YYYY-MM-DD"
_DATETIME = "a date and time as text, e.g. 2026-11-02T09:30:00Z"
#: pydantic error type -> what the JSON should hold there
_EXPECTED = {
    "bool_type": "true or false", "bool_parsing": "true or false",
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "finite_number": "a finite number",
    "string_type": "text (a JSON string)",
    "list_type": "a list (JSON array)", "dict_type": "an object (JSON object)",
    "model_type": "an object (JSON object)", "model_attributes_type": "an object (JSON object)",
    "date_type": _DATE, "date_parsing": _DATE, "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME, "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME, "datetime_object_invalid": _DATETIME,
}


def _expected(err: Mapping[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        return "one of " + str(ctx.get("expected", "?")).replace("'", '"')
    if kind == "greater_than_equal":
        ge: Any = ctx.get("ge")
        return f"a number of at least {int(ge) if float(ge).is_integer() else ge}"
    return _EXPECTED.get(kind, "")


def _describe(err: Mapping[str, Any]) -> str:
    # Drop pydantic's union-tag segments (e.g. 'bank_records') that are not real JSON keys.
    raw = tuple(err["loc"])
    loc = tuple(
        part for i, part in enumerate(raw)
        if not (i >= 2 and raw[i - 2] == "assistance" and isinstance(raw[i - 1], int)
                and part in ASSISTANCE_TYPES)
    )
    kind, value = err["type"], err.get("input")
    expected = _expected(err)
    if kind == "extra_forbidden":
        msg = "unknown field (not part of the case-file schema)"
    elif kind == "missing":
        msg = "required field is missing"
    elif kind == "union_tag_not_found":
        msg = f'each assistance item needs a "type": one of {_TYPES}'
    elif kind == "union_tag_invalid":
        msg = f"{_short(value)} is not an assistance type; expected one of {_TYPES}"
    elif value is None and expected:
        msg = f"null is not allowed here; expected {expected}"
    elif expected:
        msg = f"expected {expected} (found {_short(value)})"
    else:
        msg = f"{err['msg']} (found {_short(value)})"
    return f"{json_path(loc)}: {msg}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


# --- decoding ---------------------------------------------------------------------------------

class _DuplicateKey(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _number(text: str) -> int | float:
    """JSON has one number type: 3.0 is the whole number 3 (as the JSON Schema sees it)."""
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return int(value) if value.is_integer() else value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[str]:
    """Problems JSON allows but a case file cannot hold: absurd depth, unpaired surrogates."""
    if len(loc) > MAX_DEPTH:
        yield (f"{json_path(loc[:MAX_DEPTH])}: nested more than {MAX_DEPTH} levels deep;"
               " no case-file field nests like this")
        return
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        if found:
            yield (f"{json_path(loc)}: contains an unpaired surrogate"
                   f" (\\u{ord(found.group()):04x}), which is not a character")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key, loc)
            yield from _walk(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))


def _decode(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_float=_number,
                          parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise CaseFileError(f"{source}: not a case file: the JSON is nested far too deeply"
                            f" (a case file nests at most {MAX_DEPTH} levels)") from None
    except _DuplicateKey as exc:
        raise CaseFileError(f"{source}: the key {json.dumps(exc.args[0], ensure_ascii=False)}"
                            " appears twice in one JSON object; keep one of them") from None
    except ValueError as exc:  # NaN, Infinity, a number too large
        raise CaseFileError(f"{source}: not valid JSON: {exc}") from None


# --- migrations -------------------------------------------------------------------------------

def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 is the pre-release layout of the first development builds: the same fields as
    schema 1 except the two undertakings added later (liability for wrongful detention,
    accuracy of the information). A v0 file gave neither, so both become an explicit `false`;
    every value the file holds is kept where it was."""
    request = data.get("request")
    if isinstance(request, dict):
        undertakings = request.setdefault("undertakings", {})
        if isinstance(undertakings, dict):
            undertakings.setdefault("compensation_for_wrongful_detention", False)
            undertakings.setdefault("accuracy_of_information", False)
    data["schema_version"] = 1
    return data


#: from_version -> function turning that version's dict into the next version's (in place or
#: a new dict; it gets a private copy). Each step must be lossless: it may move or rename a
#: value, never drop one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def file_version(data: Any) -> int:
    """The `schema_version` of a decoded case file; CaseFileError when it is not usable."""
    if not isinstance(data, dict):
        raise CaseFileError(f"$: expected a JSON object, found {_kind(data)}")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CaseFileError(
            f"$.schema_version: expected an integer version, found {_short(version)}")
    if version > SCHEMA_VERSION:
        raise CaseFileError(
            f"$.schema_version: this file was written by a newer mla-writer (schema {version});"
            f" this version reads up to schema {SCHEMA_VERSION}")
    if version < 0:
        raise CaseFileError(f"$.schema_version: {version} is not a case-file schema version")
    return version


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older case-file dict up to SCHEMA_VERSION, one step at a time.

    Works on a deep copy: the caller's dict (and so the file it came from) is never changed;
    a migrated case reaches the disk only through an explicit `save`.
    """
    version = file_version(data)
    if version == SCHEMA_VERSION:
        return data
    data = copy.deepcopy(data)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CaseFileError(f"$.schema_version: no migration from schema version {version}")
        data = step(data)
        new = data.get("schema_version") if isinstance(data, dict) else None
        if new != version + 1:
            raise CaseFileError(f"$.schema_version: the migration from schema {version} did"
                                f" not produce schema {version + 1}")
        version = new
    return data


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), "a value")


# --- loading ----------------------------------------------------------------------------------

def _validate(data: Any, source: str) -> tuple[CaseFile, int]:
    try:
        version = file_version(data)
        data = migrate(data)
    except CaseFileError as exc:
        raise CaseFileError(f"{source}: {exc.args[0]}") from None
    problems = list(_walk(data))
    if problems:
        raise CaseFileError(f"{source} is not a valid case file:", problems)
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError) as exc:  # a caller's dict holding non-JSON values
        raise CaseFileError(f"{source}: not JSON data ({exc})") from None
    try:
        # Strict validation of JSON input: JSON's types only, dates and enums from their text.
        return CaseFile.model_validate_json(text, strict=True), version
    except ValidationError as exc:
        errors = exc.errors()
        if not (isinstance(data, dict) and errors
                and all(tuple(e["loc"])[:1] == ("review",) for e in errors)):
            problems = [_describe(e) for e in errors]
            raise CaseFileError(f"{source} is not a valid case file:", problems) from None
    # Only the review part is damaged: the request still loads (nothing the drafter wrote is
    # lost) and the review is kept verbatim and reported as damaged (see domain/review.py).
    rest = {k: v for k, v in data.items() if k != "review"}
    case = _validate_strict(rest, source)
    case.review = Review.damaged(data["review"], [_describe(e) for e in errors])
    return case, version


def _validate_strict(data: dict[str, Any], source: str) -> CaseFile:
    try:
        return CaseFile.model_validate_json(json.dumps(data, ensure_ascii=False), strict=True)
    except ValidationError as exc:
        problems = [_describe(e) for e in exc.errors()]
        raise CaseFileError(f"{source} is not a valid case file:", problems) from None


def case_from_dict(data: Any, source: str = "case file") -> CaseFile:
    """Validate a decoded JSON document as a case file, migrating older versions."""
    return _validate(data, source)[0]


def loads_with_version(text: str, source: str = "case file") -> tuple[CaseFile, int]:
    """Like `loads`, plus the schema version the text was written in (older = migrated)."""
    return _validate(_decode(text, source), source)


def loads(text: str, source: str = "case file") -> CaseFile:
    return loads_with_version(text, source)[0]


def load_with_version(path: str | os.PathLike[str], *,
                      passphrase: str | None = None) -> tuple[CaseFile, int]:
    """Read a case file and the schema version it was written in. An older file is migrated
    in memory only; the file itself changes only when the caller saves the case. An encrypted
    file needs `passphrase` (see casecrypt); its key stays bound to the loaded case."""
    p = Path(path)
    clean_stale(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CaseFileError(f"{p}: cannot read the file: {exc.strerror or exc}") from None
    try:
        raw, key = casecrypt.open_bytes(raw, passphrase)
    except casecrypt.CaseCryptError as exc:
        raise CaseFileError(f"{p}: {exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    case, version = loads_with_version(text, str(p))
    casecrypt.bind(case, key)
    return case, version


def load(path: str | os.PathLike[str], *, passphrase: str | None = None) -> CaseFile:
    """Read a case file; raises CaseFileError with the file name and every problem found."""
    return load_with_version(path, passphrase=passphrase)[0]


# --- saving -----------------------------------------------------------------------------------

def case_to_dict(case: CaseFile) -> dict[str, Any]:
    return case.model_dump(mode="json")


def dumps(case: CaseFile) -> str:
    return json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"


def encode(case: CaseFile, source: str = "case") -> bytes:
    """The bytes of a case file (UTF-8 JSON); CaseFileError naming the field whose text
    cannot be written (an unpaired surrogate, which is not a character)."""
    data = case_to_dict(case)
    try:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        problems = list(_walk(data)) or ["text that is not valid Unicode"]
        raise CaseFileError(f"{source}: cannot be saved; the file was not changed:",
                            problems) from None


def file_bytes(case: CaseFile, path: str | os.PathLike[str]) -> bytes:
    """What saving `case` at `path` writes: encoded, and encrypted when the case has a key
    (casecrypt); CaseFileError when it cannot be written there."""
    data = encode(case, str(path))
    try:
        return casecrypt.seal_for(case, data, path)
    except casecrypt.CaseCryptError as exc:
        raise CaseFileError(f"{path}: {exc}") from exc


def clean_stale(path: str | os.PathLike[str], now: float | None = None) -> list[Path]:
    """Remove what killed runs left beside `path`: its temporary copies (`.NAME.*.tmp`, from
    `atomic_write_bytes` or a key written the same way) and partial package folders
    (`.NAME.partial-*`), once untouched for STALE_SECONDS. Returns what was removed; a
    failure to remove is not an error (the next run tries again)."""
    p = Path(path)
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = [*p.parent.glob(f".{glob.escape(p.name)}.*.tmp"),
                      *p.parent.glob(f".{glob.escape(p.name)}.{PARTIAL}*")]
    except OSError:
        return removed
    for item in candidates:
        try:
            info = item.lstat()
            if now - info.st_mtime < STALE_SECONDS:
                continue
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item)
            else:
                item.unlink()
            removed.append(item)
        except OSError:
            continue
    return removed


def make_private(path: str | os.PathLike[str], *, folder: bool = False) -> None:
    """Make a file the program keeps for one user (settings with recent paths and authority
    contacts) readable by that user only: mode 0600, and its folder 0700 when `folder`.
    Nothing happens where there is no such file (e.g. settings kept in the Windows
    registry) or the platform has no such modes."""
    p = Path(path)
    with contextlib.suppress(OSError):
        if p.is_file():
            os.chmod(p, 0o600)
            if folder:
                os.chmod(p.parent, 0o700)


def _write(case: CaseFile, path: str | os.PathLike[str], mode: int | None) -> None:
    data = file_bytes(case, path)  # before touching the disk: a bad case changes nothing
    try:
        atomic_write_bytes(path, data, mode=mode)
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot write the file: {exc.strerror or exc}") from None


def save(case: CaseFile, path: str | os.PathLike[str]) -> None:
    """Save a case file atomically (the last good file survives a crash mid-save)."""
    _write(case, path, None)


def save_copy(case: CaseFile, path: str | os.PathLike[str]) -> None:
    """Write a private copy of a case (autosave, recovery, backup): the same bytes as `save`,
    atomic, always mode 0600 whatever file it replaces, CaseFileError on any failure."""
    _write(case, path, 0o600)


def json_schema() -> dict[str, Any]:
    """The case-file JSON Schema, derived from the request model.

    Every assistance item must say its `type` (the loader needs it to know the item's
    fields), so the schema requires it too.
    """
    schema = CaseFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://mla-writer.example/schema/case-file-v{SCHEMA_VERSION}.json"
    for cls in ASSISTANCE_TYPES.values():
        definition = schema["$defs"][cls.__name__]
        definition["required"] = sorted({*definition.get("required", []), "type"})
    return schema
