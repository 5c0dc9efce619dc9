"""The request model: the one source of truth for every answer a drafter gives.

Every other part of the program (case-file JSON Schema, validation messages, rules, templates,
the wizard's fields) derives from these classes. Fields are optional so that an incomplete draft
can be saved; what the requested state actually requires is decided by the rules engine against
its legal profile, never here.
"""

# Without `from __future__ import annotations`: pydantic would compile and evaluate each
# field's annotation string when it makes each class (about 4 ms of every command that reads
# a case); here Python evaluates them as the classes are defined, so a class is defined before
# an annotation names it.
import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Final, Literal, Union

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from .factories import new_dict, new_list
from .kinds import RequestKind as RequestKind
from .review import Review

SCHEMA_VERSION: Final = 1


class _Model(BaseModel):
    """Base for every model class: unknown keys are errors, values are validated on assignment.

    Each class builds its validator when first used (`defer_build`), not at import: loading a
    case builds the case file's validator alone (the nested classes' schemas inside it), which
    a `build` or `check` pays once instead of one validator per class (about 25 ms of their
    start). A class used on its own later (an edit of a person in the desktop application)
    builds its own then, once per process; what is valid does not change."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False,
                              defer_build=True)


def _text(title: str, description: str = "", **kw: Any) -> str:
    return Field(default="", title=title, description=description, **kw)


#: marks text printed exactly as typed in every language: codes, ids, numbers, names, contacts.
#: Other text fields are prose a translator renders (XLIFF export, untranslated-text marking).
VERBATIM: JsonDict = {"verbatim": True}


def _verbatim(title: str, description: str = "") -> str:
    return _text(title, description, json_schema_extra=VERBATIM)


#: marks a currency-code field and names the amount field it belongs to: the document prints
#: the two as one amount in the document language ("USD 650,000.00")
CURRENCY_OF = "currency_of"


def currency_fields(model: type[BaseModel]) -> dict[str, str]:
    """Amount field name -> the currency-code field that goes with it, for `model`."""
    out = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(CURRENCY_OF):
            out[str(extra[CURRENCY_OF])] = name
    return out


def is_verbatim(model: type[BaseModel], field_name: str) -> bool:
    """Whether a text field of `model` is printed as typed (never translated)."""
    extra = model.model_fields[field_name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("verbatim"))


def is_managed(model: type[BaseModel], field_name: str) -> bool:
    """Whether a field is kept by the application (`MANAGED`), not typed into a form."""
    extra = model.model_fields[field_name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("managed"))


class Stage(StrEnum):
    INVESTIGATION = "investigation"
    PROSECUTION = "prosecution"
    TRIAL = "trial"
    ENFORCEMENT_OF_SENTENCE = "enforcement_of_sentence"


class PersonRole(StrEnum):
    SUSPECT = "suspect"
    ACCUSED = "accused"
    CONVICTED_PERSON = "convicted_person"
    WITNESS = "witness"
    VICTIM = "victim"
    ACCOUNT_HOLDER = "account_holder"
    COMPANY = "company"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Contact(_Model):
    """A named officer and how to reach them."""

    name: str = _verbatim("Name")
    function: str = _text("Function", "Title or position, e.g. Deputy Prosecutor-General.")
    phone: str = _verbatim("Telephone")
    email: str = _verbatim("E-mail")


class Authority(_Model):
    """The authority that makes the request and the officer in charge of the matter."""

    name: str = _text("Authority", "Full official name of the requesting authority.")
    address: str = _text("Address")
    officer: Contact = Field(default_factory=Contact, title="Officer in charge")


class LegalBasis(_Model):
    """A treaty or convention by id, or reciprocity with the undertaking text."""

    kind: Literal["instrument", "reciprocity", ""] = Field(
        default="", title="Kind of legal basis",
        description="A treaty or convention, or reciprocity (comity) where no treaty applies.")
    instrument_id: str = _verbatim(
        "Instrument", "Identifier of the treaty or convention in the legal profiles, e.g. UNTOC.")
    reciprocity_undertaking: str = _text(
        "Reciprocity undertaking",
        "The requesting state's undertaking to grant the same assistance in a similar case.")


class LegalProvision(_Model):
    citation: str = _text("Citation", "Article and statute, e.g. Art. 194, Penal Code.")
    text: str = _text("Text of the provision", "Verbatim text of the law as in force at the time.")


class Offence(_Model):
    """One offence under investigation, prosecution or conviction."""

    id: str = _verbatim("Id", "Short id used to link items, e.g. O1.")
    name: str = _text("Offence", "Name of the offence as charged or investigated.")
    provisions: list[LegalProvision] = Field(default_factory=new_list, title="Legal provisions")
    maximum_penalty: str = _text("Maximum penalty", "The maximum penalty as the law states it.")
    maximum_penalty_years: float | None = Field(
        default=None, ge=0, title="Maximum penalty in years",
        description="For life imprisonment or death enter 99; used for minimum-penalty checks.")
    punishable_by_death: bool = Field(
        default=False, title="Punishable by death",
        description="Whether the requesting state's law provides the death penalty for it.")
    date_from: dt.date | None = Field(default=None, title="Committed from")
    date_to: dt.date | None = Field(default=None, title="Committed until")
    place: str = _text("Place committed")


class IdentityDocument(_Model):
    kind: str = _text("Document type", "Passport, national identity card, ...")
    number: str = _verbatim("Number")
    issuing_state: str = _verbatim("Issuing state", "ISO 3166 alpha-2 code.")
    expiry: dt.date | None = Field(default=None, title="Expiry date")


class Judgment(_Model):
    """A conviction, for a convicted person sought or concerned."""

    court: str = _text("Court")
    date: dt.date | None = Field(default=None, title="Date of judgment")
    number: str = _verbatim("Judgment number")
    sentence: str = _text("Sentence imposed")
    time_left_to_serve: str = _text("Time left to serve")
    time_left_months: float | None = Field(
        default=None, ge=0, title="Time left to serve in months",
        description="Used to check a minimum remaining sentence for extradition.")
    final: bool = Field(default=False, title="Judgment is final")
    in_absentia: bool = Field(
        default=False, title="Judgment given in absentia",
        description="The person was convicted without being present at the trial.")


class Person(_Model):
    """A natural or legal person concerned by the request."""

    id: str = _verbatim("Id", "Short id used to link items, e.g. P1.")
    roles: list[PersonRole] = Field(default_factory=new_list, title="Roles")
    family_name: str = _verbatim("Family name", "For a company, its registered name.")
    given_names: str = _verbatim("Given names")
    native_script_name: str = _verbatim(
        "Name in native script", "The name as written in the person's own script.")
    registration_number: str = _verbatim(
        "Registration number", "Companies: the number in the register of companies.")
    aliases: list[str] = Field(default_factory=new_list, title="Aliases",
                               json_schema_extra=VERBATIM)
    sex: Sex = Field(default=Sex.UNKNOWN, title="Sex")
    date_of_birth: dt.date | None = Field(default=None, title="Date of birth")
    place_of_birth: str = _text("Place of birth")
    nationalities: list[str] = Field(
        default_factory=new_list, title="Nationalities", description="ISO 3166 alpha-2 codes.",
        json_schema_extra=VERBATIM)
    identity_documents: list[IdentityDocument] = Field(
        default_factory=new_list, title="Identity documents")
    addresses: list[str] = Field(default_factory=new_list, title="Known addresses")
    location: str = _text("Present location", "Where the person is believed to be now.")
    physical_description: str = _text(
        "Physical description", "Height, build, marks; required to identify a person sought.")
    photo_reference: str = _verbatim("Photograph", "Annex reference of the photograph.")
    fingerprints_reference: str = _verbatim("Fingerprints", "Annex reference of the fingerprints.")
    judgment: Judgment | None = Field(default=None, title="Judgment (convicted persons)")


class _AssistanceBase(_Model):
    id: str = _verbatim("Id", "Short id, e.g. A1.")
    link_to_facts: str = _text(
        "Link to the facts", "How this measure relates to the facts and why it is needed.")
    person_ids: list[str] = Field(default_factory=new_list, title="Persons concerned",
                                  json_schema_extra=VERBATIM)


class TakingStatement(_AssistanceBase):
    type: Literal["taking_statement"] = "taking_statement"
    questions: list[str] = Field(default_factory=new_list, title="Questions to be asked")
    under_oath: bool = Field(default=False, title="Under oath or affirmation")
    officials_present: list[str] = Field(
        default_factory=new_list, title="Requesting officials to be present")


class VideoLinkHearing(_AssistanceBase):
    type: Literal["video_link_hearing"] = "video_link_hearing"
    proposed_dates: str = _text("Proposed dates")
    presiding_authority: str = _text("Presiding authority")
    technical_contact: str = _text("Technical contact")


class ServiceOfDocuments(_AssistanceBase):
    type: Literal["service_of_documents"] = "service_of_documents"
    documents: list[str] = Field(default_factory=new_list, title="Documents to be served")
    address_for_service: str = _text("Address for service")
    proof_of_service_required: bool = Field(default=True, title="Proof of service required")
    appearance_date: dt.date | None = Field(default=None, title="Date of required appearance")


class SearchAndSeizure(_AssistanceBase):
    type: Literal["search_and_seizure"] = "search_and_seizure"
    premises: str = _text("Premises to be searched")
    items_sought: list[str] = Field(default_factory=new_list, title="Items sought")
    grounds: str = _text("Grounds", "Why the items are believed to be at the premises.")


class BankRecords(_AssistanceBase):
    type: Literal["bank_records"] = "bank_records"
    institution: str = _text("Financial institution")
    account_numbers: list[str] = Field(default_factory=new_list, title="Account numbers",
                                       json_schema_extra=VERBATIM)
    account_holder: str = _verbatim("Account holder")
    period_from: dt.date | None = Field(default=None, title="Period from")
    period_to: dt.date | None = Field(default=None, title="Period to")
    records_sought: list[str] = Field(default_factory=new_list, title="Records sought")
    certification_wanted: bool = Field(
        default=True, title="Certification wanted", description="Business-records certificate.")


class FreezingOfAssets(_AssistanceBase):
    type: Literal["freezing_of_assets"] = "freezing_of_assets"
    assets: list[str] = Field(default_factory=new_list, title="Assets to be frozen or seized")
    assets_holder: str = _verbatim("Owner or holder of the assets")
    estimated_amount: float | None = Field(
        default=None, ge=0, title="Estimated amount", description="In figures, if known.")
    estimated_currency: str = Field(
        default="", pattern=r"^([A-Za-z]{3})?$", title="Currency",
        description="ISO 4217 code of the estimated amount, e.g. THB, USD, VND.",
        json_schema_extra={**VERBATIM, CURRENCY_OF: "estimated_amount"})
    estimated_value: str = _text("Estimated value", "How the value was estimated, or notes.")
    domestic_order: str = _text("Domestic order", "Court, date and number of the order.")
    grounds: str = _text("Grounds")


class EnforcementOfConfiscation(_AssistanceBase):
    type: Literal["enforcement_of_confiscation"] = "enforcement_of_confiscation"
    order_court: str = _text("Court")
    order_date: dt.date | None = Field(default=None, title="Date of order")
    order_number: str = _verbatim("Order number")
    order_is_final: bool = Field(default=False, title="Order is final")
    assets: list[str] = Field(default_factory=new_list, title="Assets")


class TracingProceeds(_AssistanceBase):
    type: Literal["tracing_proceeds"] = "tracing_proceeds"
    description: str = _text("What is to be traced")
    suspected_assets: list[str] = Field(default_factory=new_list, title="Suspected assets")


class LocatePerson(_AssistanceBase):
    type: Literal["locate_person"] = "locate_person"
    last_known_location: str = _text("Last known location")


class ExaminationOfObjects(_AssistanceBase):
    type: Literal["examination_of_objects"] = "examination_of_objects"
    object_or_site: str = _text("Object or site")
    purpose_of_examination: str = _text("Purpose of the examination")


class ExpertEvaluation(_AssistanceBase):
    type: Literal["expert_evaluation"] = "expert_evaluation"
    subject: str = _text("Subject of the evaluation")
    expertise_needed: str = _text("Expertise needed")


class TemporaryTransfer(_AssistanceBase):
    type: Literal["temporary_transfer"] = "temporary_transfer"
    detention_place: str = _text("Place of detention")
    purpose_of_transfer: str = _text("Purpose of the transfer")
    return_by: dt.date | None = Field(default=None, title="Return by")
    # UNTOC art. 18(10)-(12), (27): consent, custody and return, credit for time, safe conduct
    consent_given: bool = Field(default=False, title="Informed consent of the person")
    return_without_extradition: bool = Field(
        default=False, title="Custody and return without extradition")
    time_credited: bool = Field(default=False, title="Time credited against the sentence")
    safe_conduct: bool = Field(default=False, title="Safe conduct")


class _ElectronicData(_AssistanceBase):
    provider: str = _text("Service provider")
    identifiers: list[str] = Field(
        default_factory=new_list, title="Identifiers", description="Accounts, numbers, addresses.",
        json_schema_extra=VERBATIM)
    data_categories: list[str] = Field(
        default_factory=new_list, title="Data categories",
        description="Subscriber, traffic, content.")
    period_from: dt.date | None = Field(default=None, title="Period from")
    period_to: dt.date | None = Field(default=None, title="Period to")


class PreservationOfElectronicData(_ElectronicData):
    type: Literal["preservation_of_electronic_data"] = "preservation_of_electronic_data"


class ProductionOfElectronicData(_ElectronicData):
    type: Literal["production_of_electronic_data"] = "production_of_electronic_data"


class OtherAssistance(_AssistanceBase):
    type: Literal["other"] = "other"
    description: str = _text("Description of the assistance")


AssistanceItem = Annotated[
    Union[
        TakingStatement, VideoLinkHearing, ServiceOfDocuments, SearchAndSeizure, BankRecords,
        FreezingOfAssets, EnforcementOfConfiscation, TracingProceeds, LocatePerson,
        ExaminationOfObjects, ExpertEvaluation, TemporaryTransfer,
        PreservationOfElectronicData, ProductionOfElectronicData, OtherAssistance,
    ],
    Field(discriminator="type"),
]

#: assistance type name -> model class, derived from the union above (never kept by hand)
ASSISTANCE_TYPES: dict[str, type[_AssistanceBase]] = {
    cls.model_fields["type"].default: cls
    for cls in AssistanceItem.__origin__.__args__  # type: ignore[attr-defined]
}


def known_assistance_types(values: list[str]) -> list[str]:
    """`values` unchanged if each names an assistance type; else ValueError naming the rest
    (for validators of profile data that lists assistance types)."""
    unknown = [v for v in values if v not in ASSISTANCE_TYPES]
    if unknown:
        raise ValueError(f"unknown assistance type(s) {unknown}")
    return values

# Which assistance types involve coercive measures is a legal judgement: it is data, with its
# source, in legal_profiles/baseline.toml ([coercive_assistance]), not here.


class SpecialProcedure(_Model):
    procedure: str = _text("Procedure", "How the requested state is asked to proceed.")
    reason: str = _text("Why", "Why the procedure is needed (e.g. admissibility at trial).")


class Confidentiality(_Model):
    required: bool = Field(default=False, title="Confidentiality requested")
    reason: str = _text("Reason")


class Urgency(_Model):
    urgent: bool = Field(default=False, title="Urgent")
    deadline: dt.date | None = Field(default=None, title="Deadline")
    reason: str = _text("Reason", "Trial date, detention limit, limitation period, data loss.")


class Undertakings(_Model):
    """Undertakings and assurances the requesting state gives."""

    speciality: bool = Field(
        default=False, title="Speciality / use limitation",
        description="Use only for the stated proceedings without prior consent.")
    reciprocity: bool = Field(default=False, title="Reciprocity")
    confidentiality: bool = Field(default=False, title="Confidentiality")
    costs: bool = Field(default=False, title="Extraordinary costs")
    death_penalty_assurance: str = _text(
        "Death-penalty assurance",
        "The assurance that the death penalty will not be imposed or, if imposed, not carried out.")
    retrial_assurance: str = _text(
        "Retrial assurance",
        "For a person convicted in absentia: the assurance of a new trial in the person's"
        " presence, with the rights of the defence.")
    compensation_for_wrongful_detention: bool = Field(
        default=False, title="Liability for wrongful arrest or detention",
        description="The requesting state will bear liability for, and compensate, an arrest or"
        " detention made at its request that proves wrongful.")
    accuracy_of_information: bool = Field(
        default=False, title="Accuracy of the information",
        description="The requesting state affirms that the information in the request is accurate.")
    other_assurances: list[str] = Field(default_factory=new_list, title="Other assurances")


#: marks a field the application keeps (a file's hash, where it is): shown by its own page,
#: never an input of the forms, the XLIFF export or the rules' text checks
MANAGED: JsonDict = {"verbatim": True, "managed": True}


class AnnexFile(_Model):
    """The file of an annex, as attached: where it is (relative to the case file's folder when
    the case is saved, so the folder can be moved as a whole) and what it held then. The
    reviewed content covers `sha256` and `size`, not `path`: saving the case elsewhere does
    not undo an approval, a changed file does."""

    path: str = Field(min_length=1, title="File", json_schema_extra=MANAGED,
                      description="Path of the file, relative to the case file's folder"
                      " (absolute until the case is first saved), with / between folders.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", title="SHA-256",
                        json_schema_extra=MANAGED,
                        description="SHA-256 of the file's bytes when it was attached.")
    size: int = Field(ge=0, title="Size", json_schema_extra=MANAGED,
                      description="Size of the file in bytes when it was attached.")


class Annex(_Model):
    title: str = _text("Title")
    pages: int | None = Field(default=None, ge=0, title="Pages")
    language: str = _verbatim("Language", "Language code, e.g. en, th.")
    translated_into: list[str] = Field(
        default_factory=new_list, title="Translations attached",
        description="Language codes of the translations attached to the annex, e.g. km.",
        json_schema_extra=VERBATIM)
    file: AnnexFile | None = Field(
        default=None, title="Attached file", json_schema_extra=MANAGED,
        description="The annex's file, sent in the signed package (attached on the Annexes"
        " step or with `mla-writer annex attach`).")


class Warrant(_Model):
    kind: Literal["arrest_warrant", "judgment", ""] = Field(default="", title="Warrant or judgment")
    issuing_court: str = _text("Issuing court or authority")
    date: dt.date | None = Field(default=None, title="Date issued")
    number: str = _verbatim("Number")


class ExtraditionDetails(_Model):
    """What an extradition or provisional-arrest request adds to the common parts."""

    person_id: str = _verbatim("Person sought", "Id of the person sought.")
    warrant: Warrant = Field(default_factory=Warrant, title="Warrant or judgment")
    statement_of_acts: str = _text(
        "Statement of the acts", "The acts alleged, with the time and place of each.")
    time_and_place: str = _text("Time and place of the acts")
    limitation_period: str = _text(
        "Limitation period", "The limitation rule and why prosecution is not time-barred.")
    urgency_reason: str = _text(
        "Urgency (provisional arrest)", "Why the person must be arrested before the full request.")
    undertaking_full_request: bool = Field(
        default=False, title="Undertaking to send the full request in time")


class SupplementaryAnswer(_Model):
    """One question of the requested State about the earlier request, and its answer."""

    question: str = _text("Question of the requested State")
    answer: str = _text("Answer")


class SupplementaryDetails(_Model):
    earlier_kind: RequestKind | None = Field(
        default=None, title="Kind of the earlier request",
        description="What the earlier request asked for: its kind decides the rules, the"
        " channel and the language of this one.")
    earlier_reference: str = _verbatim("Reference of the earlier request")
    earlier_date: dt.date | None = Field(default=None, title="Date of the earlier request")
    requested_reference: str = _verbatim(
        "Reference of the requested State",
        "The requested State's file number for the earlier request, if it gave one.")
    what_it_adds: str = _text("What this request adds or changes")
    answers: list[SupplementaryAnswer] = Field(
        default_factory=new_list, title="Answers to the requested State's questions")


class Request(_Model):
    """One outgoing request (MLA, extradition, provisional arrest or supplementary)."""

    kind: RequestKind = Field(default=RequestKind.MLA, title="Kind of request")
    request_date: dt.date | None = Field(default=None, title="Date of the request")
    requesting_state: str = _verbatim("Requesting state", "ISO 3166 alpha-2 code.")
    requesting_authority: Authority = Field(default_factory=Authority, title="Requesting authority")
    case_reference: str = _verbatim("Case reference")
    stage: Stage | None = Field(default=None, title="Stage of proceedings")
    subject: str = _text(
        "Subject and nature of the proceedings",
        "What the investigation, prosecution or proceedings concern.")
    conducting_authority: str = _text(
        "Authority conducting the proceedings", "Name and function, if not the requesting one.")
    requested_state: str = _verbatim("Requested state", "ISO 3166 alpha-2 code.")
    legal_basis: LegalBasis = Field(default_factory=LegalBasis, title="Legal basis")
    offences: list[Offence] = Field(default_factory=new_list, title="Offences")
    persons: list[Person] = Field(default_factory=new_list, title="Persons")
    facts_summary: str = _text("Summary of the facts")
    dual_criminality_statement: str = _text(
        "Dual criminality", "Why the conduct is also an offence in the requested state.")
    assistance: list[AssistanceItem] = Field(default_factory=new_list, title="Assistance sought")
    purpose: str = _text("Purpose", "What the evidence or action will be used for.")
    procedures: list[SpecialProcedure] = Field(default_factory=new_list,
                                               title="Particular procedures")
    confidentiality: Confidentiality = Field(default_factory=Confidentiality)
    urgency: Urgency = Field(default_factory=Urgency)
    undertakings: Undertakings = Field(default_factory=Undertakings)
    annexes: list[Annex] = Field(default_factory=new_list, title="Annexes")
    execution_contact: Contact = Field(default_factory=Contact, title="Contact for execution")
    extradition: ExtraditionDetails | None = Field(default=None, title="Extradition details")
    supplementary: SupplementaryDetails | None = Field(default=None, title="Earlier request")
    place_of_signature: str = _text("Place of signature")
    signatory: Contact = Field(default_factory=Contact, title="Signatory")


#: the languages a request can be drafted in (the document languages of `mla_writer.i18n`)
DraftingLanguage = Literal["en", "km", "zh", "lo", "my", "th", "vi"]


class CaseFile(_Model):
    """What a case file holds: the request plus, later, review state and translations."""

    schema_version: Literal[1] = SCHEMA_VERSION
    request: Request = Field(default_factory=Request)
    training: bool = Field(
        default=False, title="Training case",
        description="Fictional case for a workshop; every document is marked as training material.")
    review: Review = Field(
        default_factory=Review, title="Review state",
        description="Status, reviewer comments and the hash-chained audit log.")
    drafting_language: DraftingLanguage = Field(
        default="en", title="Drafting language",
        description="The language the free text of the request is written in. The document in"
        " this language prints the text as written; documents in other languages print its"
        " recorded translations. Files written before this field existed are in English.")
    translations: dict[str, dict[str, str]] = Field(
        default_factory=new_dict, title="Translations of free text",
        description="JSON path of a free-text field -> language code -> translated text.")
    translation_sources: dict[str, dict[str, str]] = Field(
        default_factory=new_dict, title="Sources of the translations",
        description="JSON path of a free-text field -> language code -> SHA-256 of the text (in"
        " the drafting language) the translation was made from. A translation whose source text"
        " has changed since is outdated: it is not printed, and the checklist says so.")


#: Fields added after the first release, per model class, with the value files written before
#: them are read with. `review.content_hash` leaves such a field out while it holds that value,
#: so an approval given to an older file still matches after an upgrade. Every field added to a
#: model that a case file holds belongs here (tests check that the value is the field's default).
ADDED_FIELDS: dict[type[BaseModel], dict[str, object]] = {
    CaseFile: {"drafting_language": "en"},
    ServiceOfDocuments: {"address_for_service": ""},
    BankRecords: {"account_holder": ""},
    FreezingOfAssets: {"assets_holder": ""},
    TemporaryTransfer: {"consent_given": False, "return_without_extradition": False,
                        "time_credited": False, "safe_conduct": False},
    SupplementaryDetails: {"earlier_kind": None, "answers": []},
    Annex: {"file": None},
}

_Exclude = dict[Any, Any]


def unchanged_added_fields(model: BaseModel) -> _Exclude:
    """The `model_dump(exclude=...)` spec of every `ADDED_FIELDS` field in `model` (nested
    models, lists and dicts included) that still holds its pre-release value."""
    out: _Exclude = {}
    added = ADDED_FIELDS.get(type(model), {})
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in added and value == added[name]:
            out[name] = True
        elif (inner := _unchanged_in(value)):
            out[name] = inner
    return out


def _unchanged_in(value: object) -> _Exclude:
    if isinstance(value, BaseModel):
        return unchanged_added_fields(value)
    if isinstance(value, list | tuple):
        items: _Exclude = {i: inner for i, v in enumerate(value) if (inner := _unchanged_in(v))}
        return items
    if isinstance(value, dict):
        return {k: inner for k, v in value.items() if (inner := _unchanged_in(v))}
    return {}
