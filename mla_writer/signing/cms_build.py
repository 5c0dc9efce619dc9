"""CMS SignedData made here, with asn1crypto and cryptography, instead of through pyHanko.

Importing pyHanko costs about 0.3 s per process (it brings aiohttp and its validation stack),
more than everything else `mla-writer sign` does with an EC key; pyHanko stays the validator
(pdf_sign.check_pdf), it no longer makes the signatures. The two shapes built here are exactly
the ones pyHanko made for us before (tests/signing/test_cms_build.py compares them field by
field with pyHanko's output for the same identity):

- DETACHED (manifest.json.p7s, a reviewer's approval): SignedData v1, SHA-256, detached `data`,
  the signer's certificate and its chain, one SignerInfo named by issuer and serial number,
  signed attributes content-type, signing-time, message-digest, ESS signing-certificate-v2 and
  CMS algorithm protection, no unsigned attributes — the one shape `cms.check_detached` accepts.
- PADES (the PDFs' embedded signature, PAdES B-B): the same without signing-time (PAdES takes
  the time from the signature dictionary's /M) and without algorithm protection, as pyHanko's
  PdfSigner writes it.

The signature algorithm is sha256_ecdsa for EC keys and sha256_rsa (PKCS#1 v1.5) for RSA keys.
`max_size` is the exact largest DER size for an identity (the PDFs reserve that much room, so
no dummy signature has to be made first to estimate it).
"""

# lazy imports (start-up cost): asn1crypto
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from .keys import Identity

DETACHED = "detached"
PADES = "pades"
KINDS = (DETACHED, PADES)
DIGEST = "sha256"
DIGEST_SIZE = 32


def sign_content(kind: str, content: bytes, identity: Identity,
                 when: dt.datetime | None = None) -> bytes:
    """DER ContentInfo(SignedData), detached, over `content` (hashed here with SHA-256)."""
    return sign_digest(kind, hashlib.sha256(content).digest(), identity, when)


def sign_digest(kind: str, digest: bytes, identity: Identity,
                when: dt.datetime | None = None) -> bytes:
    """DER ContentInfo(SignedData), detached, over content whose SHA-256 is `digest`.
    `when`: the signing-time attribute of a DETACHED signature (now when None); a PADES
    signature carries no time of its own."""
    if len(digest) != DIGEST_SIZE:
        raise ValueError(f"a SHA-256 digest has {DIGEST_SIZE} bytes, not {len(digest)}")
    if when is not None and when.utcoffset() is None:
        raise ValueError("the signing time must be timezone-aware")
    parts = _parts(identity)
    attrs = _signed_attrs(kind, digest, parts, when or dt.datetime.now(dt.UTC))
    return _signed_data(parts, attrs, _sign(identity.private_key, attrs.dump()))


def max_size(kind: str, identity: Identity) -> int:
    """The largest number of bytes `sign_digest(kind, ..., identity)` can return: the same
    structure built with a signature value of the key's largest size (an RSA signature always
    has the modulus' size; an ECDSA one is at most two INTEGERs one byte longer than the
    curve's order)."""
    parts = _parts(identity)
    attrs = _signed_attrs(kind, bytes(DIGEST_SIZE), parts, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    return len(_signed_data(parts, attrs, bytes(_max_signature(identity.private_key))))


def _der_header(length: int) -> int:
    """Bytes of a DER tag (low number) and length for `length` bytes of contents."""
    return 2 if length < 0x80 else 2 + (length.bit_length() + 7) // 8


def _max_signature(key: Any) -> int:
    if isinstance(key, rsa.RSAPrivateKey):
        return (key.key_size + 7) // 8
    if isinstance(key, ec.EllipticCurvePrivateKey):
        # r, s < the group order, which has at most the field's bits; one more byte when the
        # top bit is set (DER INTEGERs are signed)
        integer = key.curve.key_size // 8 + 1
        body = 2 * (_der_header(integer) + integer)
        return _der_header(body) + body
    raise ValueError(f"unsupported key type {type(key).__name__} (use RSA or EC)")


def _signature_algorithm(key: Any) -> str:
    if isinstance(key, rsa.RSAPrivateKey):
        return "sha256_rsa"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return "sha256_ecdsa"
    raise ValueError(f"unsupported key type {type(key).__name__} (use RSA or EC)")


def _sign(key: Any, data: bytes) -> bytes:
    """The signature value over the DER of the signed attributes (a universal SET OF)."""
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    raise ValueError(f"unsupported key type {type(key).__name__} (use RSA or EC)")


class _Parts:
    """What every signature of one identity shares: its certificates as asn1crypto values
    and the signature algorithm."""

    def __init__(self, identity: Identity) -> None:
        from asn1crypto import x509 as asn1_x509

        der = serialization.Encoding.DER
        self.cert_der = identity.certificate.public_bytes(der)
        self.cert = asn1_x509.Certificate.load(self.cert_der)
        others = dict.fromkeys(c.public_bytes(der) for c in identity.chain)
        others.pop(self.cert_der, None)  # the signer's certificate is carried once
        self.chain = [asn1_x509.Certificate.load(c) for c in others]
        self.algorithm = _signature_algorithm(identity.private_key)


def _parts(identity: Identity) -> _Parts:
    return _Parts(identity)


def _signed_attrs(kind: str, digest: bytes, parts: _Parts, when: dt.datetime) -> Any:
    from asn1crypto import algos, cms, core, tsp
    from asn1crypto import x509 as asn1_x509

    if kind not in KINDS:
        raise ValueError(f"unknown CMS kind {kind!r}; expected one of {', '.join(KINDS)}")
    cert = parts.cert
    ess = tsp.SigningCertificateV2({"certs": [tsp.ESSCertIDv2({
        "hash_algorithm": {"algorithm": DIGEST},
        "cert_hash": hashlib.sha256(parts.cert_der).digest(),
        "issuer_serial": {
            "issuer": [asn1_x509.GeneralName({"directory_name": cert.issuer})],
            "serial_number": cert["tbs_certificate"]["serial_number"]}})]})
    attrs = [_attribute("content_type", cms.ContentType("data")),
             _attribute("message_digest", core.OctetString(digest)),
             _attribute("signing_certificate_v2", ess)]
    if kind == DETACHED:
        attrs.append(_attribute("signing_time", cms.Time({
            "utc_time": core.UTCTime(when.astimezone(dt.UTC))})))
        attrs.append(_attribute("cms_algorithm_protection", cms.CMSAlgorithmProtection({
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": DIGEST}),
            "signature_algorithm": algos.SignedDigestAlgorithm(
                {"algorithm": parts.algorithm})})))
    return cms.CMSAttributes(attrs)  # a SET OF: DER sorts the attributes


def _attribute(kind: str, value: Any) -> Any:
    from asn1crypto import cms

    return cms.CMSAttribute({"type": cms.CMSAttributeType(kind), "values": (value,)})


def _signed_data(parts: _Parts, attrs: Any, signature: bytes) -> bytes:
    from asn1crypto import algos, cms

    cert = parts.cert
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": cert.issuer, "serial_number": cert.serial_number})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": DIGEST}),
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": parts.algorithm}),
        "signed_attrs": attrs,
        "signature": signature})
    certificates = [cms.CertificateChoices(name="certificate", value=c)
                    for c in (cert, *parts.chain)]
    signed = cms.SignedData({
        "version": "v1",
        "digest_algorithms": cms.DigestAlgorithms(
            (algos.DigestAlgorithm({"algorithm": DIGEST}),)),
        "encap_content_info": {"content_type": "data"},
        "certificates": certificates,  # a SET OF: DER sorts the certificates
        "signer_infos": [signer]})
    return bytes(cms.ContentInfo({"content_type": cms.ContentType("signed_data"),
                                  "content": signed}).dump())
