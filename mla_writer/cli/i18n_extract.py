"""What each gettext domain extracts: sources (Babel), the model's field titles and
descriptions, and the legal profiles' texts that findings and field help show.

`mla-writer i18n update` writes the templates from here; `i18n check` compares them with it.
"""

# lazy imports (start-up cost): pydantic, domain, profiles, babel, mla_writer
from __future__ import annotations

import datetime
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import i18n

#: domain -> Babel configuration file in translations/ (None: not extracted from sources)
CONFIGS: dict[str, str | None] = {i18n.DOC_DOMAIN: "babel-doc.cfg",
                                  i18n.UI_DOMAIN: "babel-ui.cfg", i18n.PROFILES_DOMAIN: None}
PROJECT = "mla-writer"
#: fixed header dates keep the generated files stable from one extraction to the next
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
#: profile tables -> keys whose text the findings, field help and country brief show (the
#: rules wrap exactly these in `rules.registry.profile_text`; tests/rules/test_finding_text.py
#: checks that every message id of the examples' findings is in the catalogs).
#: Names of states and authorities, citations and sources are not translated here.
PROFILE_TEXT_KEYS: dict[str, tuple[str, ...]] = {
    "rules": ("title", "message"),
    "languages": ("note",),
    "channels": ("note", "recipient"),
    "time_limits": ("title", "action", "period"),
    "formalities": ("text",),
    # quoted in the legal-basis resolver's reasons (profiles.resolver._quoted): a state's
    # declaration on a convention as legal basis, its reciprocity note, and (instrument
    # files) what an instrument covers and when it enters into force
    "memberships": ("legal_basis.text",),
    "reciprocity": ("note",),
    "instrument": ("scope.text", "not_in_force.condition", "caveat"),
    # the country brief (profiles.country_brief): what it says of the authorities, their
    # contact notes, and the facts and gaps
    "central_authority": ("note", "contact.note"),
    "extradition_authority": ("note", "contact.note"),
    "provisional_arrest_authority": ("note", "contact.note"),
    "facts": ("text",),
}


def checkout_root() -> Path:
    """The source checkout (extraction reads templates and code from there)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "translations" / "babel-doc.cfg").is_file():
        raise FileNotFoundError(
            f"no source checkout with translations/babel-doc.cfg at {root};"
            " extract and update work on a checkout of mla-writer")
    return root


def _model_fields() -> Iterator[Any]:
    """Every pydantic field of the case model (nested models too), in model order."""
    from pydantic import BaseModel

    from ..domain.model import CaseFile

    def classes(annotation: Any) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [c for arg in typing.get_args(annotation) for c in classes(arg)]

    seen: set[type[BaseModel]] = set()

    def visit(cls: type[BaseModel]) -> Iterator[Any]:
        if cls in seen:
            return
        seen.add(cls)
        for info in cls.model_fields.values():
            yield info
            for sub in classes(info.annotation):
                yield from visit(sub)

    yield from visit(CaseFile)


def model_field_titles() -> list[str]:
    """Every `Field(title=...)` of the case model, in model order (they are translated at run
    time by the templates, so the extractor cannot see them)."""
    return list(dict.fromkeys(info.title for info in _model_fields() if info.title))


def model_field_descriptions() -> list[str]:
    """Every `Field(description=...)` of the case model: the interface's help on each field."""
    return list(dict.fromkeys(info.description for info in _model_fields()
                              if info.description))


def _entries(value: Any) -> list[dict[str, Any]]:
    """A TOML table (one entry) or an array of tables."""
    items = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
    return [item for item in items if isinstance(item, dict)]


def _lookup(entry: dict[str, Any], key: str) -> tuple[Any, dict[str, Any]]:
    """The value of a dotted key ("legal_basis.text") and the table holding it (whose
    citation the translator is shown)."""
    *tables, last = key.split(".")
    table: Any = entry
    for name in tables:
        table = table.get(name) if isinstance(table, dict) else None
    return (table.get(last), table) if isinstance(table, dict) else (None, {})


def profile_texts(root: Path | None = None) -> list[tuple[str, str, str]]:
    """(text, file relative to the profiles folder, comment for the translator) of every
    profile text that findings, field help and the legal-basis reasons show: baseline first,
    then the states, then the instruments."""
    from ..profiles.loader import profiles_dir

    folder = Path(root) if root is not None else profiles_dir()
    files = [folder / "baseline.toml", *sorted((folder / "states").glob("*.toml")),
             *sorted((folder / "instruments").glob("*.toml"))]
    out = []
    for path in files:
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        data = tomllib.loads(path.read_text("utf-8"))
        for table, keys in PROFILE_TEXT_KEYS.items():
            for n, entry in enumerate(_entries(data.get(table))):
                label = (entry.get("code") or entry.get("id") or entry.get("instrument")
                         or f"{table}[{n}]")
                for key in keys:
                    text, holder = _lookup(entry, key)
                    if isinstance(text, str) and text.strip():
                        citation = holder.get("citation", "")
                        comment = f"{rel} {table} {label}: {key}" + (
                            f" (citation: {citation})" if citation else "")
                        out.append((text, rel, comment))
    return out


def new_catalog(domain: str) -> Any:
    from babel.messages.catalog import Catalog

    from .. import __version__

    return Catalog(domain=domain, project=PROJECT, version=__version__,
                   copyright_holder="mla-writer developers", charset="utf-8",
                   creation_date=FIXED_DATE)


def extract(domain: str) -> Any:
    """The message template (a Babel Catalog) of a domain: from the checkout's sources, or
    (profiles) from the legal profiles in use (MLA_WRITER_PROFILES or the bundled ones)."""
    catalog = new_catalog(domain)
    if domain == i18n.PROFILES_DOMAIN:
        for text, rel, comment in profile_texts():
            catalog.add(text, None, [(f"legal_profiles/{rel}", 0)], auto_comments=[comment])
        return catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = checkout_root()
    with (root / "translations" / str(CONFIGS[domain])).open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map, options_map, keywords=DEFAULT_KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    extra = {i18n.DOC_DOMAIN: (model_field_titles, "Field title of the case model"),
             i18n.UI_DOMAIN: (model_field_descriptions,
                              "Help on a field of the case model (its description)")}
    if domain in extra:
        texts, comment = extra[domain]
        for text in texts():
            if text not in catalog:
                catalog.add(text, None, [("mla_writer/domain/model.py", 0)],
                            auto_comments=[comment])
    return catalog
