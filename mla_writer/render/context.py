"""The plain template context: the case as dicts, lists and strings formatted for one language.

Dates, country names and translations of free text are resolved here, so templates never see
the pydantic objects, and every piece of user text arrives as escaped-on-print `UserText`.
"""

# lazy imports (start-up cost): profiles
from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .. import i18n
from ..domain.clock import Clock
from ..domain.freetext import source_language, translation_of
from ..domain.model import (
    ASSISTANCE_TYPES,
    CaseFile,
    PersonRole,
    Request,
    RequestKind,
    Stage,
    Undertakings,
    currency_fields,
    is_verbatim,
)
from ..i18n.cldr_cache import cldr_table
from .text import SOURCE_LANG, UserText, clean

#: fields every assistance type shares; rendered by the template itself, not in the field list
COMMON_ASSISTANCE_FIELDS = frozenset.intersection(
    *(frozenset(cls.model_fields) for cls in ASSISTANCE_TYPES.values()))


def format_date(d: dt.date, lang: str, *, dateline: bool = False) -> str:
    """A date in the document language (`i18n.format_date` when present, else ISO 8601);
    `dateline`: the form of the letter's place-and-date line."""
    fmt = getattr(i18n, "format_date", None)
    if fmt is not None:
        with contextlib.suppress(Exception):  # a formatting gap must not stop a document
            return str(fmt(d, lang, dateline=dateline))
    return d.isoformat()


def _registry() -> Any:
    """The legal profiles. A broken profile raises `ProfileError`: a document addressed from
    a guessed (generic) profile would look right and be wrong, so none is written."""
    from ..profiles import load_registry

    return load_registry()


def country_name(code: str, lang: str, registry: Any = None) -> str:
    """A state's name in `lang`: i18n first, then the legal profile, then the code itself."""
    if not code:
        return ""
    state = registry.state(code) if registry is not None else None
    fn = getattr(i18n, "country_name", None)
    if fn is not None:
        with contextlib.suppress(Exception):  # fall through to the profile name
            names = getattr(state, "names", None) or {}
            name = fn(code, lang, names)
            if name:
                return str(name)
    if state is not None:
        names = getattr(state, "names", {}) or {}
        return str(names.get(lang) or getattr(state, "name_en", "") or code)
    try:  # Babel's territory names (CLDR, kept in the cache folder) before the bare code
        return cldr_table(lang, "territories").get(code.upper()) or code
    except Exception:
        return code


def language_name(code: str, lang: str) -> str:
    """A language's name in the document language (Babel's CLDR table, kept in the cache
    folder: `i18n.cldr_cache`), else the code."""
    if not code:
        return ""
    try:
        return cldr_table(lang, "languages").get(code) or code
    except Exception:
        return code


class _Walker:
    """Turns model objects into plain values, tracking JSON paths for translations."""

    def __init__(self, case: CaseFile, lang: str) -> None:
        self.lang = lang
        self.case = case
        self.source = source_language(case)  # the language the case's text is typed in

    def text(self, value: str, path: str, verbatim: bool = False) -> UserText:
        """The text (or its translation into the document language); blank text is empty.

        Verbatim fields (codes, ids, numbers, names) print as typed in every language. The
        document in the drafting language prints the text as written."""
        if verbatim:
            text = UserText(value, self.source)
            return text if text.strip() else UserText("", self.source)
        # a translation made from other text than the field now holds is not printed
        translated = translation_of(self.case, path, self.lang, value) \
            if self.lang != self.source else ""
        if translated:
            text = UserText(translated, self.lang)
        else:
            # text in another language than the document's (only words need translating)
            foreign = self.lang != self.source and any(c.isalpha() for c in value)
            text = UserText(value, self.source, path if foreign else "")
        return text if text.strip() else UserText("", text.lang)

    def plain(self, value: Any, path: str, verbatim: bool = False) -> Any:
        if isinstance(value, BaseModel):
            cls = type(value)
            return {name: self.plain(getattr(value, name), f"{path}.{name}",
                                     is_verbatim(cls, name))
                    for name in cls.model_fields}
        if isinstance(value, list | tuple):
            items = [self.plain(v, f"{path}[{i}]", verbatim) for i, v in enumerate(value)]
            return [v for v in items if v != ""]  # blank lines of a list are dropped
        if isinstance(value, Enum):
            return str(value.value)
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, float):
            return format_number(value, self.lang)
        if isinstance(value, int):
            return format_number(value, self.lang)
        if isinstance(value, dt.datetime):
            return format_date(value.date(), self.lang)
        if isinstance(value, dt.date):
            return format_date(value, self.lang)
        if isinstance(value, str):
            return self.text(value, path, verbatim)
        raise TypeError(f"{path}: cannot put {type(value).__name__} in a template context")


def format_number(value: float, lang: str) -> str:
    fn = getattr(i18n, "format_number", None)
    number: float = int(value) if float(value).is_integer() else value
    if fn is not None:
        with contextlib.suppress(Exception):  # fall back to plain digits
            return str(fn(number, lang))
    return str(number)


def format_money(amount: float | None, currency: str, lang: str) -> str:
    """An amount with its currency code in the document language; without a code, the figures
    alone; "" without an amount."""
    if amount is None:
        return ""
    if not currency:
        return format_number(amount, lang)
    fn = getattr(i18n, "format_currency", None)
    if fn is not None:
        with contextlib.suppress(Exception):  # an unknown currency code: plain figures
            return str(fn(amount, currency, lang))
    return f"{currency.upper()} {format_number(amount, lang)}"


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def assistance_fields(
        item: BaseModel, plain: dict[str, Any], gettext_: Callable[[str], str],
        lang: str = SOURCE_LANG) -> list[dict[str, Any]]:
    """The type-specific fields of one assistance item, in model order, with their titles.

    Derived from the model class itself (no hand-kept list): every filled field appears; an
    amount and its currency code (`model.currency_fields`) appear as one formatted amount.
    """
    out = []
    currencies = currency_fields(type(item))
    for name, info in type(item).model_fields.items():
        if name in COMMON_ASSISTANCE_FIELDS or name in currencies.values():
            continue
        value = plain[name]
        if name in currencies:
            value = format_money(getattr(item, name), str(getattr(item, currencies[name])), lang)
        if _is_empty(value):
            continue
        kind = "bool" if isinstance(value, bool) else "list" if isinstance(value, list) else "text"
        out.append({"name": name, "title": gettext_(info.title or name), "kind": kind,
                    "value": value})
    return out


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [c for arg in typing.get_args(annotation) for c in _model_classes(arg)]


def field_titles(gettext_: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """Model class name -> field name -> translated field title, for every class of the model."""
    out: dict[str, dict[str, str]] = {}

    def visit(cls: type[BaseModel]) -> None:
        if cls.__name__ in out:
            return
        out[cls.__name__] = {n: gettext_(f.title or n) for n, f in cls.model_fields.items()}
        for f in cls.model_fields.values():
            for sub in _model_classes(f.annotation):
                visit(sub)

    visit(CaseFile)
    return out


def _person_name(p: dict[str, Any]) -> str:
    return " ".join(x for x in (p["family_name"], p["given_names"]) if x)


def build_context(case: CaseFile, *, lang: str, clock: Clock, draft: bool,
                  translations: gettext.NullTranslations) -> dict[str, Any]:
    """Everything a template may print, as plain values formatted for `lang`."""
    registry = _registry()
    walker = _Walker(case, lang)
    req = case.request
    request = walker.plain(req, "$.request")

    def cname(code: str) -> str:
        return clean(country_name(str(code), lang, registry))

    for person in request["persons"]:
        person["name"] = UserText(_person_name(person), getattr(person["family_name"], "lang",
                                                                 walker.source))
        person["is_company"] = PersonRole.COMPANY.value in person["roles"]
        # a company's being a company is said by its labels, not listed among its roles
        person["shown_roles"] = [r for r in person["roles"] if r != PersonRole.COMPANY.value] \
            or person["roles"]
        person["nationality_names"] = [cname(c) for c in person["nationalities"]]
        for doc in person["identity_documents"]:
            doc["issuing_state_name"] = cname(doc["issuing_state"])
    names = {p["id"]: p["name"] for p in request["persons"] if p["id"]}

    for item, plain in zip(req.assistance, request["assistance"], strict=True):
        plain["fields"] = assistance_fields(item, plain, translations.gettext, lang)
        plain["persons"] = [names.get(pid, pid) for pid in plain["person_ids"]]

    for annex in request["annexes"]:
        annex["language_name"] = clean(language_name(str(annex["language"]), lang))
        annex["translation_names"] = [clean(language_name(str(code), lang))
                                      for code in annex["translated_into"]]

    gettext = translations.gettext
    requesting_state = cname(request["requesting_state"])
    requested_formal = cname(request["requested_state"])
    requested_state = _in_sentence(requested_formal, lang) or gettext("the requested State")
    on = req.request_date or clock.today()
    person_sought = None
    if request["extradition"] is not None:
        pid = request["extradition"]["person_id"]
        person_sought = next((p for p in request["persons"] if p["id"] == pid), None)

    return {
        "lang": lang,
        "kind": req.kind.value,
        "draft": draft,
        "training": case.training,
        "request": request,
        "requesting_state_name": requesting_state,
        "requesting_state_in_sentence": _in_sentence(requesting_state, lang)
        or gettext("the requesting State"),
        "requested_state_name": requested_state,
        "requested_state_formal": requested_formal,
        "via_diplomatic_channel": _via_diplomatic_channel(registry, req, on),
        "full_request_limit": _full_request_limit(registry, req, on, lang),
        "surrender_for": surrender_purpose(req, person_sought),
        "colon": i18n.label_separator(lang),
        "stop": i18n.term_separator(lang),
        # a supplementary request goes where the request it supplements went
        "addressee": _addressee(registry, req.requested_state, _effective_kind(req), lang, on),
        "instrument_name": _instrument_name(registry, req.legal_basis.instrument_id, lang),
        "letter_date": format_date(on, lang, dateline=True),
        "person_sought": person_sought,
        "titles": field_titles(translations.gettext),
        "undertaking_flags": [
            {"name": name, "title": gettext(info.title or name)}
            for name, info in Undertakings.model_fields.items()
            if info.annotation is bool and getattr(req.undertakings, name)],
    }


#: first words of formal English state names that take "the" inside a sentence
_FORMAL = ("Kingdom", "Republic", "People's", "Socialist", "Lao", "Union", "Democratic",
           "Federal", "Federation", "United", "State", "Commonwealth", "Islamic",
           "Principality", "Sultanate")


def _in_sentence(name: str, lang: str) -> str:
    """'Kingdom of Thailand' -> 'the Kingdom of Thailand' in English sentences."""
    if lang == "en" and name.split(" ", 1)[0] in _FORMAL:
        return f"the {name}"
    return name


def _without_article(name: UserText) -> UserText:
    """'The Ministry of Justice' -> 'Ministry of Justice' (templates say "The %(authority)s")."""
    if name[:4].lower() == "the ":
        return UserText(name[4:], name.lang)
    return name


def _addressee(registry: Any, code: str, kind: RequestKind, lang: str = SOURCE_LANG,
               on: dt.date | None = None) -> dict[str, UserText] | None:
    """The requested state's authority for `kind` on `on` from its legal profile, named in the
    document language when the profile records that name (else in English)."""
    state = registry.state(code) if registry is not None and code else None
    if state is None:
        return None
    pick = getattr(state, "authority", None)
    if callable(pick):
        authority = pick(kind.value, on)
    else:  # a profile-like object without dated entries: most specific role first
        roles = {RequestKind.PROVISIONAL_ARREST: ("provisional_arrest_authority",
                                                 "extradition_authority"),
                 RequestKind.EXTRADITION: ("extradition_authority",)}.get(kind, ())
        authority = next((a for a in (getattr(state, n, None) for n in roles) if a), None)
        authority = authority or getattr(state, "central_authority", None)
    if authority is None or not getattr(authority, "name", ""):
        return None
    out = {key: UserText(str(getattr(authority, key, "") or ""), "en")
           for key in ("name", "address", "phone", "email")}
    address_in = getattr(authority, "address_in", None)
    native_address = address_in(lang) if callable(address_in) else ""
    if native_address and native_address != out["address"]:
        out["address"] = UserText(str(native_address), lang)
    native = (getattr(authority, "names", None) or {}).get(lang)
    if native:
        out["name"] = UserText(str(native), lang)
    return out


def _instrument_name(registry: Any, instrument_id: str, lang: str = SOURCE_LANG) -> UserText:
    if not instrument_id:
        return UserText("")
    inst = getattr(registry, "instruments", {}).get(instrument_id) if registry else None
    native = (getattr(inst, "names", None) or {}).get(lang) if inst is not None else None
    if native:
        return UserText(str(native), lang)
    for attr in ("title", "name", "short_name"):
        value = getattr(inst, attr, None) if inst is not None else None
        if value:
            return _without_article(UserText(str(value), "en"))
    return UserText(instrument_id)


def surrender_purpose(req: Request, person_sought: dict[str, Any] | None) -> str:
    """Why the person is sought: "prosecution", "enforcement" (of a sentence) or "" (unclear).

    Enforcement when the proceedings are at that stage, the warrant is a judgment, or the
    person sought is a convicted person; prosecution for the earlier stages or an arrest
    warrant against an accused or suspect; "" when the case says neither or both."""
    ext = req.extradition
    roles = set(person_sought["roles"]) if person_sought else set()
    enforcement = (req.stage == Stage.ENFORCEMENT_OF_SENTENCE
                   or (ext is not None and ext.warrant.kind == "judgment")
                   or PersonRole.CONVICTED_PERSON.value in roles)
    prosecution = (req.stage in (Stage.INVESTIGATION, Stage.PROSECUTION, Stage.TRIAL)
                   or bool(roles & {PersonRole.ACCUSED.value, PersonRole.SUSPECT.value}))
    if enforcement and not prosecution:
        return "enforcement"
    if prosecution and not enforcement:
        return "prosecution"
    return ""


def _effective_kind(req: Request) -> RequestKind:
    """The kind whose authority receives the request (profiles.effective.request_kind)."""
    try:
        from ..profiles.effective import request_kind
    except ImportError:
        return req.kind
    return RequestKind(request_kind(req))


def _profile_context(registry: Any, req: Request,
                     on: dt.date) -> tuple[Any, str, str, str] | None:
    """(state profile, kind, basis category, instrument id) of the one effective legal basis
    (profiles.effective), as the rules engine sees them: the letter and the checklist agree."""
    state = registry.state(req.requested_state) if registry is not None and \
        req.requested_state else None
    if state is None:
        return None
    try:
        from ..profiles.effective import effective_basis, request_kind
        from ..profiles.resolver import basis_category
    except ImportError:
        return None
    try:
        eff = effective_basis(req, registry, on)
    except Exception:  # a registry the resolver cannot read: the basis as chosen
        try:
            basis = req.legal_basis
            category = basis_category(registry, basis.kind, basis.instrument_id)
        except Exception:  # an instrument the registry cannot classify: no profile text
            return None
        instrument = basis.instrument_id if basis.kind != "reciprocity" else ""
        return state, request_kind(req), category, instrument
    return state, eff.kind, eff.category, eff.instrument_id


def _via_diplomatic_channel(registry: Any, req: Request, on: dt.date) -> bool:
    """The requested state's profile routes this request through the diplomatic channel (a
    confirmed, accepted diplomatic route and no confirmed direct route to an authority)."""
    found = _profile_context(registry, req, on)
    if found is None:
        return False
    state, kind, category, instrument = found
    routes = {ch.channel for ch in getattr(state, "channels", [])
              if ch.accepted and ch.verified and ch.applies(kind, category, instrument, on)}
    return "diplomatic" in routes and "central_authority" not in routes


def _full_request_limit(registry: Any, req: Request, on: dt.date,
                        lang: str) -> dict[str, Any] | None:
    """The period after a provisional arrest within which the full extradition request must
    arrive, from the requested state's profile (confirmed entries with a known number of days
    for this basis and date); None when the profile does not know it."""
    if req.kind != RequestKind.PROVISIONAL_ARREST:
        return None
    found = _profile_context(registry, req, on)
    if found is None:
        return None
    state, kind, category, instrument = found
    for limit in getattr(state, "time_limits", []):
        specific = kind in limit.kinds and "extradition" not in limit.kinds
        if not specific or limit.days is None or not limit.verified or not limit.applies(
                kind, category, instrument, on):
            continue
        return {"days": format_number(limit.days, lang),
                "extension": format_number(limit.extension_days, lang)
                if limit.extension_days else "",
                "citation": UserText(limit.citation, SOURCE_LANG)}
    return None
