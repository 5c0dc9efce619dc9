"""How complete each catalog is (translated, fuzzy, missing, placeholder mismatches)."""

# lazy imports (start-up cost): babel
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..resources import data_dir
from .catalogs import DOC_DOMAIN, _translations, catalog_path
from .languages import LANGUAGES, SOURCE_LANGUAGE

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def placeholders(text: str) -> list[str]:
    """The %(name)s placeholders of a message, sorted (to compare source and translation)."""
    return sorted(_PLACEHOLDER.findall(text))


@dataclass
class CatalogStats:
    """How complete one catalog is, against its template (.pot) when there is one."""

    lang: str
    domain: str
    total: int = 0
    translated: int = 0
    fuzzy: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the template, not in the catalog
    placeholder_errors: list[str] = field(default_factory=list)
    exists: bool = True

    @property
    def complete(self) -> bool:
        return (self.exists and self.total > 0 and self.translated == self.total
                and not self.placeholder_errors)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 0.0


def _ids(message_id: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (message_id,) if isinstance(message_id, str) else tuple(message_id)


def template_path(domain: str) -> Path | None:
    """The message template (.pot) of a domain."""
    path = data_dir("translations") / f"{domain}.pot"
    return path if path.is_file() else None


@cache
def catalog_stats(lang: str, domain: str) -> CatalogStats:
    """Translated, fuzzy, untranslated, obsolete and placeholder-inconsistent messages."""
    from babel.messages.pofile import read_po

    stats = CatalogStats(lang, domain)
    po = catalog_path(lang, domain, ".po")
    wanted: list[str] | None = None
    pot = template_path(domain)
    if pot is not None:
        with pot.open("rb") as fh:
            wanted = [_ids(m.id)[0] for m in read_po(fh) if m.id]
    if po is None:
        stats.exists = False
        stats.total = len(wanted or [])
        stats.missing = list(wanted or [])
        return stats
    with po.open("rb") as fh:
        catalog = read_po(fh)
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        ids = _ids(message.id)
        key = ids[0]
        seen.add(key)
        if wanted is not None and key not in wanted:
            stats.obsolete.append(key)
            continue
        stats.total += 1
        strings = _ids(message.string) if message.string else ()
        if message.fuzzy:
            stats.fuzzy.append(key)
        elif not strings or not all(strings):
            stats.untranslated.append(key)
        else:
            bad = [s for i, s in enumerate(strings)
                   if placeholders(s) != placeholders(ids[min(i, len(ids) - 1)])
                   and placeholders(s) != placeholders(ids[0])]
            if bad:
                stats.placeholder_errors.append(key)
            else:
                stats.translated += 1
    stats.obsolete += [m.id if isinstance(m.id, str) else m.id[0]
                       for m in catalog.obsolete.values()]
    if wanted is not None:
        stats.missing = [k for k in wanted if k not in seen]
        stats.total += len(stats.missing)
    return stats


@cache
def _template_ids(domain: str) -> tuple[tuple[str, ...], ...]:
    """Message ids of a domain's template (singular and plural)."""
    from babel.messages.pofile import read_po

    pot = template_path(domain)
    if pot is None:
        return ()
    with pot.open("rb") as fh:
        return tuple(_ids(m.id) for m in read_po(fh) if m.id)


def _compiled_complete(lang: str, domain: str) -> bool:
    """Every template message has a placeholder-consistent translation in the loaded catalog
    (compiled catalogs leave fuzzy entries out, so those count as missing)."""
    ids = _template_ids(domain)
    catalog = getattr(_translations(lang, domain), "_catalog", None)
    if not ids or catalog is None:
        return False
    for message in ids:
        if len(message) == 1:
            text = catalog.get(message[0])
            if not text or placeholders(text) != placeholders(message[0]):
                return False
        else:
            text = catalog.get((message[0], 0))
            if not text or placeholders(text) not in (placeholders(message[0]),
                                                      placeholders(message[1])):
                return False
    return True


def complete_document_languages() -> set[str]:
    """Languages whose document catalog is fully translated, without fuzzy entries and with
    the same placeholders as the source (English always)."""
    out = {SOURCE_LANGUAGE}
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE and _compiled_complete(lang, DOC_DOMAIN):
            out.add(lang)
    return out
