"""Strict check of a detached CMS signature (the manifest's, a reviewer's approval).

pyHanko and openssl accept many CMS shapes; ours has exactly one: SignedData v1, SHA-256,
detached `data` content, one SignerInfo identified by issuer and serial, the signed attributes
content-type, signing-time, message-digest, ESS signing-certificate-v2 and (optionally) CMS
algorithm protection, and no unsigned attributes. Everything else is refused, the DER must
re-encode to the same bytes, and the signature is checked here with cryptography against the
certificate the signer-info names — so a changed algorithm field, a swapped or altered
certificate, or trailing bytes cannot slip through. Every failure is a message, never an
exception.
"""

# lazy imports (start-up cost): asn1crypto
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

DIGEST = "sha256"
#: DER of AlgorithmIdentifier sha256, without parameters and with NULL parameters
_SHA256_IDS = frozenset({bytes.fromhex("300b0609608648016503040201"),
                         bytes.fromhex("300d06096086480165030402010500")})
_RSA_ALGOS = frozenset({"sha256_rsa", "rsassa_pkcs1v15"})
_EC_ALGOS = frozenset({"sha256_ecdsa"})
_REQUIRED = ("content_type", "signing_time", "message_digest", "signing_certificate_v2")
_OPTIONAL = ("cms_algorithm_protection",)


class CmsProblem(Exception):
    """What is wrong with the signature (the text follows 'signature broken: ')."""


@dataclass
class CmsCheck:
    """The result: `intact` means the signature over exactly these bytes checks out with the
    certificate it carries (trust is decided elsewhere)."""

    intact: bool = False
    problem: str = ""
    certificate: x509.Certificate | None = None
    certificate_der: bytes = b""
    #: the other certificates carried (a chain towards a certificate authority)
    others: list[x509.Certificate] = field(default_factory=list)
    signing_time: dt.datetime | None = None


def check_detached(content: bytes, signature: bytes, name: str) -> CmsCheck:
    """Check `signature` (DER CMS) over `content`; `name` is used in the messages."""
    result = CmsCheck()
    try:
        _check(content, signature, name, result)
    except CmsProblem as exc:
        result.intact, result.problem = False, str(exc)
    except Exception as exc:  # malformed input of any kind is a broken signature, not a crash
        result.intact = False
        result.problem = f"{name} cannot be read as a CMS signature ({type(exc).__name__})"
    return result


def _check(content: bytes, signature: bytes, name: str, result: CmsCheck) -> None:
    from asn1crypto import cms, tsp

    del tsp  # imported only to register signing-certificate-v2 with asn1crypto's cms

    why = der_problem(signature)
    if why:
        raise CmsProblem(f"{name} is not in strict DER encoding ({why}); it was altered")
    try:
        info = cms.ContentInfo.load(signature, strict=True)
    except Exception as exc:
        raise CmsProblem(f"{name} is not a readable CMS signature ({type(exc).__name__})"
                         ) from None
    if info["content_type"].native != "signed_data":
        raise CmsProblem(f"{name} is not CMS signed data")
    signed = info["content"]
    if signed["version"].native != "v1":
        raise CmsProblem(f"{name} has an unexpected CMS version {signed['version'].native}")
    digests = [a["algorithm"].native for a in signed["digest_algorithms"]]
    if digests != [DIGEST] or signed["digest_algorithms"][0].dump() not in _SHA256_IDS:
        raise CmsProblem(f"{name} lists digest algorithm(s) {digests}, expected [{DIGEST!r}]")
    encap = signed["encap_content_info"]
    if encap["content_type"].native != "data" or encap["content"].native is not None:
        raise CmsProblem(f"{name} is not a detached signature over data")
    if signed["crls"].native is not None:
        raise CmsProblem(f"{name} carries revocation lists, which mla-writer never adds")
    infos = signed["signer_infos"]
    if len(infos) != 1:
        raise CmsProblem(f"{name} has {len(infos)} signer infos, expected exactly one")
    signer = infos[0]
    if signer["version"].native != "v1" or signer["sid"].name != "issuer_and_serial_number":
        raise CmsProblem(f"{name} does not name its signer by issuer and serial number")
    if (signer["digest_algorithm"]["algorithm"].native != DIGEST
            or signer["digest_algorithm"].dump() not in _SHA256_IDS):
        raise CmsProblem(f"{name} uses digest "
                         f"{signer['digest_algorithm']['algorithm'].native!r}, expected {DIGEST}")
    if signer["unsigned_attrs"].native is not None:
        raise CmsProblem(f"{name} carries unsigned attributes, which mla-writer never adds")
    cert_der, others = _certificates(signed, signer["sid"].chosen, name)
    cert = _load_certificate(cert_der, name)
    result.certificate, result.certificate_der, result.others = cert, cert_der, others
    attrs = _attributes(signer, name)
    if attrs["content_type"].native != "data":
        raise CmsProblem(f"{name}: the signed content type is not data")
    if attrs["message_digest"].native != hashlib.sha256(content).digest():
        raise CmsProblem(f"the signed content was modified after signing (its SHA-256 differs"
                         f" from the digest signed in {name})")
    _check_ess(attrs["signing_certificate_v2"], cert_der, cert, name)
    algo = signer["signature_algorithm"]["algorithm"].native
    params = signer["signature_algorithm"]["parameters"]
    if params.native is not None or (params.contents and params.dump() != b"\x05\x00"):
        raise CmsProblem(f"{name}: unexpected parameters of the signature algorithm")
    if "cms_algorithm_protection" in attrs:
        prot = attrs["cms_algorithm_protection"]
        if (prot["digest_algorithm"].dump() not in _SHA256_IDS
                or prot["signature_algorithm"].contents  # [1] IMPLICIT: compare bodies
                != signer["signature_algorithm"].contents):
            raise CmsProblem(f"{name}: the protected algorithms differ from those used")
    tagged = signer["signed_attrs"].dump()  # the bytes as received ([0] IMPLICIT SET OF)
    signed_bytes = b"\x31" + tagged[1:]  # signed as a universal SET OF (RFC 5652, 5.4)
    _verify(cert, algo, signer["signature"].native, signed_bytes, name)
    when = attrs["signing_time"].native
    result.signing_time = when if isinstance(when, dt.datetime) else None
    result.intact = True


#: universal types that DER always encodes as primitive
_PRIMITIVE = frozenset({1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                        27, 28, 30})


def der_problem(data: bytes) -> str:
    """Why `data` is not one strictly DER-encoded value ('' when it is): definite, minimal
    lengths; minimal tags; primitive encodings of string and number types; minimal INTEGERs;
    DER BOOLEANs; nothing after the value. (asn1crypto alone accepts BER forms.)"""
    try:
        end = _der_value(data, 0, len(data), 0)
    except ValueError as exc:
        return str(exc)
    return "" if end == len(data) else "bytes after the signature"


def _der_value(data: bytes, pos: int, limit: int, depth: int) -> int:
    if depth > 40:
        raise ValueError("nested too deeply")
    if pos + 2 > limit:
        raise ValueError("truncated")
    first = data[pos]
    pos += 1
    number = first & 0x1F
    if number == 0x1F:  # high tag number: base-128, minimal, and >= 31
        number = 0
        if data[pos] == 0x80:
            raise ValueError("non-minimal tag")
        while True:
            if pos >= limit:
                raise ValueError("truncated tag")
            byte = data[pos]
            pos += 1
            number = (number << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        if number < 31:
            raise ValueError("non-minimal tag")
    if pos >= limit:
        raise ValueError("truncated")
    length = data[pos]
    pos += 1
    if length == 0x80:
        raise ValueError("indefinite length")
    if length > 0x80:
        count = length & 0x7F
        raw = data[pos:pos + count]
        if len(raw) != count or count > 4 or raw[0] == 0:
            raise ValueError("non-minimal or bad length")
        length = int.from_bytes(raw, "big")
        if length < 0x80:
            raise ValueError("non-minimal length")
        pos += count
    end = pos + length
    if end > limit:
        raise ValueError("length beyond the data")
    universal, constructed = first & 0xC0 == 0, bool(first & 0x20)
    if constructed:
        if universal and number in _PRIMITIVE:
            raise ValueError("constructed encoding of a primitive type")
        while pos < end:
            pos = _der_value(data, pos, end, depth + 1)
        return end
    body = data[pos:end]
    if universal and number == 1 and body not in (b"\x00", b"\xff"):
        raise ValueError("BOOLEAN not 00 or FF")
    padded = len(body) > 1 and ((body[0] == 0 and body[1] < 0x80)
                                or (body[0] == 0xFF and body[1] >= 0x80))
    if universal and number in (2, 10) and (not body or padded):
        raise ValueError("non-minimal INTEGER")
    if universal and number == 5 and body:
        raise ValueError("NULL with content")
    return end


def _certificates(signed: Any, sid: Any, name: str) -> tuple[bytes, list[x509.Certificate]]:
    """DER of the certificate the signer-info names, and the other certificates."""
    choices = signed["certificates"]
    if choices.native is None or not len(choices):
        raise CmsProblem(f"the signer's certificate is not in {name}")
    found: list[bytes] = []
    others: list[x509.Certificate] = []
    for choice in choices:
        if choice.name != "certificate":
            raise CmsProblem(f"{name} carries a {choice.name} entry, not a certificate")
        cert = choice.chosen
        der = cert.dump()
        if (cert.issuer == sid["issuer"]
                and cert.serial_number == sid["serial_number"].native):
            found.append(der)
        else:
            others.append(_load_certificate(der, name))
    if len(found) != 1:
        raise CmsProblem(f"the signer's certificate is not in {name}" if not found else
                         f"{name} carries two certificates for its signer")
    return found[0], others


def _load_certificate(der: bytes, name: str) -> x509.Certificate:
    try:
        cert = x509.load_der_x509_certificate(der)
        cert.extensions  # noqa: B018 - cryptography parses lazily; force it
        cert.subject.rfc4514_string()
        cert.issuer.rfc4514_string()
        cert.public_key()
        cert.not_valid_after_utc  # noqa: B018
    except Exception as exc:
        raise CmsProblem(f"a certificate in {name} is damaged ({type(exc).__name__})") from None
    return cert


def _attributes(signer: Any, name: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    raw = signer["signed_attrs"]
    if raw.native is None:
        raise CmsProblem(f"{name} has no signed attributes")
    for attr in raw:
        kind = attr["type"].native
        if kind not in _REQUIRED + _OPTIONAL:
            raise CmsProblem(f"{name} has an unexpected signed attribute {kind!r}")
        if kind in attrs or len(attr["values"]) != 1:
            raise CmsProblem(f"{name} repeats the signed attribute {kind!r}")
        attrs[kind] = attr["values"][0]
    missing = [k for k in _REQUIRED if k not in attrs]
    if missing:
        raise CmsProblem(f"{name} lacks the signed attribute(s) {', '.join(missing)}")
    return attrs


def _check_ess(value: Any, cert_der: bytes, cert: x509.Certificate, name: str) -> None:
    """ESS signing-certificate-v2 must name exactly the certificate that signed."""
    certs = value["certs"]
    if not len(certs):
        raise CmsProblem(f"{name}: the signing-certificate attribute is empty")
    first = certs[0]
    if (first["hash_algorithm"]["algorithm"].native != DIGEST
            or first["hash_algorithm"].dump() not in _SHA256_IDS):
        raise CmsProblem(f"{name}: the signing-certificate attribute uses an unexpected hash")
    if first["cert_hash"].native != hashlib.sha256(cert_der).digest():
        raise CmsProblem(f"{name}: the signed signing-certificate attribute names another"
                         " certificate (the certificate was replaced or altered)")
    serial = first["issuer_serial"]
    if serial.native is not None and serial["serial_number"].native != cert.serial_number:
        raise CmsProblem(f"{name}: the signing-certificate attribute names another serial")


def _verify(cert: x509.Certificate, algo: str, sig: bytes, data: bytes, name: str) -> None:
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey) and algo in _RSA_ALGOS:
            key.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ec.EllipticCurvePublicKey) and algo in _EC_ALGOS:
            key.verify(sig, data, ec.ECDSA(hashes.SHA256()))
        else:
            raise CmsProblem(f"{name} uses signature algorithm {algo!r}, which does not fit"
                             f" its {type(key).__name__.replace('_', '')} key")
    except InvalidSignature:
        raise CmsProblem(f"the signature in {name} does not match (the signature or the"
                         " signed content was modified)") from None


def certificate_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)
