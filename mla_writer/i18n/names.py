"""Names of states, scripts and languages in each language (state-names table, CLDR)."""

# lazy imports (start-up cost): babel, tomllib
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from .. import cachefiles
from .catalogs import catalog_dirs
from .cldr_cache import cldr_table
from .formatting import _format_locale
from .languages import SOURCE_LANGUAGE, normalize_language

#: what `_state_names_table` keeps of a state-names file (a new value: every entry is remade)
_TABLE_FORMAT = "state-names 1"


@cache
def _state_names_table() -> dict[str, dict[str, str]]:
    """State code -> language -> formal name, from translations/state_names.toml (the
    override folder MLA_WRITER_TRANSLATIONS first)."""
    for base in catalog_dirs():
        path = base / "state_names.toml"
        if path.is_file():
            return _read_state_names(path)
    return {}


def _read_state_names(path: Path) -> dict[str, dict[str, str]]:
    """The table in `path`, kept as JSON in the cache folder: parsing the TOML (and importing
    tomllib) costs a `build` more than the rest of the table's use; a changed file is read
    again (`cachefiles.file_entry`)."""
    entry = cachefiles.file_entry("i18n", str(path), ".json", _TABLE_FORMAT)
    raw = cachefiles.read(entry) if entry is not None else None
    if raw is not None:
        try:
            table = json.loads(raw)
        except ValueError:  # damaged: read the file again
            table = None
        if isinstance(table, dict) and all(
                isinstance(names, dict) and all(isinstance(v, str) for v in names.values())
                for names in table.values()):
            return table
    import tomllib

    data = tomllib.loads(path.read_text("utf-8"))
    table = {code.upper(): {k: str(v) for k, v in names.items()}
             for code, names in data.items() if isinstance(names, dict)}
    if entry is not None:
        cachefiles.write(entry, json.dumps(table, ensure_ascii=False).encode("utf-8"))
    return table


_BRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]")


def short_name(name: str) -> str:
    """A CLDR name without its bracketed variant and invisible break marks:
    "Myanmar (Burma)" -> "Myanmar", "เมียนมา (พม่า)" -> "เมียนมา"."""
    return _BRACKETED.sub("", name.replace("\u200b", "")).strip()


def country_name(code: str, lang: str,
                 profile_names: Mapping[str, str] | None = None) -> str | None:
    """A state's formal name in a document language: the state-names table
    (translations/state_names.toml), else the legal profile's name in that language (
    `profile_names`, language -> name: the caller has the profiles, i18n sits below them),
    else CLDR's name without its bracketed variant; for English without a table entry, None
    (the profile's formal English name is used)."""
    lang_code = normalize_language(lang)
    if not code or lang_code is None:
        return None
    key = code.upper()
    name = (_state_names_table().get(key, {}).get(lang_code)
            or (profile_names or {}).get(lang_code))
    if name:
        return name
    if lang_code == SOURCE_LANGUAGE:
        return None
    from babel import Locale

    found = Locale.parse(_format_locale(lang_code)).territories.get(key)
    return short_name(str(found)) if found else None


#: two-letter CLDR territory codes that name no state: codes ISO 3166-1 reserves exceptionally
#: for parts of states (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla, the Canary
#: Islands, Tristan da Cunha) or for groupings (European Union, United Nations), CLDR's Eurozone,
#: and user-assigned codes (Outlying Oceania, the pseudo-locales XA and XB, Unknown Region ZZ).
#: Kosovo (XK, user-assigned) is kept: it is the code CLDR and the European Union use for it.
NOT_STATES = frozenset({"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "UN", "EZ", "QO", "XA",
                        "XB", "ZZ"})


@cache
def state_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of states (CLDR's two-letter territories less
    NOT_STATES); numeric region codes such as 001 (World) or 150 (Europe) are not states."""
    return frozenset(code for code in cldr_table("en", "territories")
                     if isinstance(code, str) and len(code) == 2 and code.isalpha()
                     and code not in NOT_STATES)


def is_state_code(code: str) -> bool:
    """Whether `code` (any case) is the ISO 3166-1 alpha-2 code of a state."""
    return code.upper() in state_codes()


def script_name(code: str) -> str:
    """The English name of an ISO 15924 script code (CLDR): 'Deva' -> 'Devanagari'."""
    from babel import Locale

    return str(Locale("en").scripts.get(code) or code)


def language_names(codes: Iterable[str], lang: str) -> list[str]:
    """Names of languages in the language `lang` (Babel), codes kept when unknown."""
    from babel import Locale

    names = Locale.parse(_format_locale(lang)).languages
    return [str(names.get(c, c)) for c in codes]
