"""Standard wordings of undertakings and assurances (legal_profiles/wordings.toml): drafting
models the wizard offers beside the fields a profile expects, each with its citation, source
and status. No Qt; `standard_wordings(path)` is the Python API."""

# lazy imports (start-up cost): resources

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Wording:
    id: str
    field: str       # the JSON path of the free-text field it fills
    title: str
    text: str
    citation: str
    source: str
    status: str


def _file() -> object:
    from ..resources import data_dir

    return data_dir("legal_profiles") / "wordings.toml"


@lru_cache(maxsize=1)
def _all() -> tuple[Wording, ...]:
    try:
        data = tomllib.loads(_file().read_text("utf-8"))  # type: ignore[attr-defined]
    except (OSError, tomllib.TOMLDecodeError):  # no wordings: nothing is offered
        return ()
    out = []
    for entry in data.get("wording", []):
        try:
            out.append(Wording(**{k: str(entry[k]) for k in Wording.__dataclass_fields__}))
        except KeyError:
            continue  # an entry without its source is not offered
    return tuple(out)


def standard_wordings(field: str | None = None) -> list[Wording]:
    """The wordings for the field at JSON path `field` (all when None)."""
    return [w for w in _all() if field is None or w.field == field]
