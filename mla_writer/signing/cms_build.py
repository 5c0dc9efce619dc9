"""CMS SignedData made here, with cryptography for the signature, instead of through pyHanko.

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

The DER is written directly (X.690: a handful of fixed SEQUENCEs around the certificates'
own bytes) rather than through asn1crypto: importing asn1crypto's cms module costs 15-45 ms
and building one SignedData with it several milliseconds more, because it re-encodes every
certificate it is given. The issuer name and serial number are copied from the certificate's
own bytes, so they match it exactly.

`max_size` is the exact largest DER size for an identity (the PDFs reserve that much room, so
no dummy signature has to be made first to estimate it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from .keys import Identity, PrivateKey

DETACHED = "detached"
PADES = "pades"
KINDS = (DETACHED, PADES)
DIGEST_SIZE = 32

# DER of the fixed parts (object identifiers and algorithm identifiers, as pyHanko wrote them:
# sha256 and sha256WithRSAEncryption with NULL parameters, ecdsa-with-SHA256 without)
_OID_SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")  # 1.2.840.113549.1.7.2
_OID_DATA = bytes.fromhex("06092a864886f70d010701")  # 1.2.840.113549.1.7.1
_OID_CONTENT_TYPE = bytes.fromhex("06092a864886f70d010903")  # 1.2.840.113549.1.9.3
_OID_MESSAGE_DIGEST = bytes.fromhex("06092a864886f70d010904")  # 1.2.840.113549.1.9.4
_OID_SIGNING_TIME = bytes.fromhex("06092a864886f70d010905")  # 1.2.840.113549.1.9.5
_OID_SIGNING_CERT_V2 = bytes.fromhex("060b2a864886f70d010910022f")  # 1.2.840.113549.1.9.16.2.47
_OID_ALGORITHM_PROTECTION = bytes.fromhex("06092a864886f70d010934")  # 1.2.840.113549.1.9.52
_SHA256 = bytes.fromhex("300d06096086480165030402010500")
_SHA256_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
_SHA256_ECDSA = bytes.fromhex("300a06082a8648ce3d040302")
_VERSION_1 = bytes.fromhex("020101")


def sign_content(kind: str, content: bytes, identity: Identity,
                 when: dt.datetime | None = None) -> bytes:
    """DER ContentInfo(SignedData), detached, over `content` (hashed here with SHA-256)."""
    return sign_digest(kind, hashlib.sha256(content).digest(), identity, when)


def sign_digest(kind: str, digest: bytes, identity: Identity,
                when: dt.datetime | None = None) -> bytes:
    """DER ContentInfo(SignedData), detached, over content whose SHA-256 is `digest`.
    `when`: the signing-time attribute of a DETACHED signature (now when None; timezone-aware);
    a PADES signature carries no time of its own."""
    if len(digest) != DIGEST_SIZE:
        raise ValueError(f"a SHA-256 digest has {DIGEST_SIZE} bytes, not {len(digest)}")
    if when is not None and when.utcoffset() is None:
        raise ValueError("the signing time must be timezone-aware")
    parts = _Parts(identity)
    attrs = _signed_attrs(kind, digest, parts, when or dt.datetime.now(dt.UTC))
    return _content_info(parts, attrs, _sign(identity.private_key, attrs))


def max_size(kind: str, identity: Identity) -> int:
    """The largest number of bytes `sign_digest(kind, ..., identity)` can return: the same
    structure built with a signature value of the key's largest size (an RSA signature always
    has the modulus' size; an ECDSA one is at most two INTEGERs one byte longer than the
    curve's order). Only the certificates are read: the private key may be unknown yet."""
    parts = _Parts(identity)
    attrs = _signed_attrs(kind, bytes(DIGEST_SIZE), parts, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    return len(_content_info(parts, attrs,
                             bytes(_max_signature(identity.certificate.public_key()))))


def _max_signature(key: Any) -> int:  # a public key
    if isinstance(key, rsa.RSAPublicKey):
        return (key.key_size + 7) // 8
    if isinstance(key, ec.EllipticCurvePublicKey):
        # r, s < the group order, which has at most one bit more than the field (Hasse's
        # bound), plus the sign bit of a DER INTEGER: 33 bytes for P-256, 66 for P-521
        integer = len(_tlv(0x02, bytes((key.curve.key_size + 9) // 8)))
        return len(_tlv(0x30, bytes(2 * integer)))
    raise ValueError(f"unsupported key type {type(key).__name__} (use RSA or EC)")


def _sign(key: PrivateKey, signed_attrs: bytes) -> bytes:
    """The signature value over the DER of the signed attributes (a universal SET OF, RFC 5652
    section 5.4)."""
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(signed_attrs, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(signed_attrs, ec.ECDSA(hashes.SHA256()))
    raise ValueError(f"unsupported key type {type(key).__name__} (use RSA or EC)")


class _Parts:
    """What every signature of one identity shares: the certificates' DER, the signer's issuer
    name and serial number (as encoded in its certificate) and the signature algorithm."""

    def __init__(self, identity: Identity) -> None:
        der = serialization.Encoding.DER
        key = identity.certificate.public_key()  # the private key's (checked on loading)
        if isinstance(key, rsa.RSAPublicKey):
            self.algorithm = _SHA256_RSA
        elif isinstance(key, ec.EllipticCurvePublicKey):
            self.algorithm = _SHA256_ECDSA
        else:
            raise ValueError(f"unsupported key type {type(key).__name__} (use RSA or EC)")
        self.cert_der = identity.certificate.public_bytes(der)
        others = dict.fromkeys(c.public_bytes(der) for c in identity.chain)
        others.pop(self.cert_der, None)  # the signer's certificate is carried once
        self.certificates = [self.cert_der, *others]
        self.serial, self.issuer = _serial_and_issuer(
            identity.certificate.tbs_certificate_bytes)


def _signed_attrs(kind: str, digest: bytes, parts: _Parts, when: dt.datetime) -> bytes:
    """The signed attributes as a universal SET OF (DER: sorted by their encodings)."""
    if kind not in KINDS:
        raise ValueError(f"unknown CMS kind {kind!r}; expected one of {', '.join(KINDS)}")
    # ESSCertIDv2: hashAlgorithm left out (its DEFAULT is sha256), certHash, issuerSerial
    # naming the issuer as a directoryName ([4] EXPLICIT) and the serial number
    cert_id = _seq(_tlv(0x04, hashlib.sha256(parts.cert_der).digest()),
                   _seq(_seq(_tlv(0xA4, parts.issuer)), parts.serial))
    attrs = [_attribute(_OID_CONTENT_TYPE, _OID_DATA),
             _attribute(_OID_MESSAGE_DIGEST, _tlv(0x04, digest)),
             _attribute(_OID_SIGNING_CERT_V2, _seq(_seq(cert_id)))]
    if kind == DETACHED:
        attrs.append(_attribute(_OID_SIGNING_TIME, _utc_time(when)))
        # CMSAlgorithmProtection: digestAlgorithm, signatureAlgorithm [1] IMPLICIT
        attrs.append(_attribute(_OID_ALGORITHM_PROTECTION,
                                _seq(_SHA256, b"\xa1" + parts.algorithm[1:])))
    return _tlv(0x31, b"".join(sorted(attrs)))


def _content_info(parts: _Parts, signed_attrs: bytes, signature: bytes) -> bytes:
    signer_info = _seq(
        _VERSION_1,
        _seq(parts.issuer, parts.serial),  # IssuerAndSerialNumber
        _SHA256,
        b"\xa0" + signed_attrs[1:],  # [0] IMPLICIT SET OF Attribute
        parts.algorithm,
        _tlv(0x04, signature))
    signed_data = _seq(
        _VERSION_1,
        _tlv(0x31, _SHA256),  # digestAlgorithms
        _seq(_OID_DATA),  # encapContentInfo: data, detached (no content)
        _tlv(0xA0, b"".join(sorted(parts.certificates))),  # [0] IMPLICIT CertificateSet
        _tlv(0x31, signer_info))
    return _seq(_OID_SIGNED_DATA, _tlv(0xA0, signed_data))


def _attribute(oid: bytes, value: bytes) -> bytes:
    return _seq(oid, _tlv(0x31, value))


def _utc_time(when: dt.datetime) -> bytes:
    utc = when.astimezone(dt.UTC)
    if not 1950 <= utc.year < 2050:  # UTCTime's range (RFC 5280, 4.1.2.5.1)
        raise ValueError(f"a signing time in {utc.year} cannot be written as UTCTime")
    return _tlv(0x17, utc.strftime("%y%m%d%H%M%SZ").encode("ascii"))


def _tlv(tag: int, body: bytes) -> bytes:
    """One DER value: tag, definite length in its shortest form, contents."""
    size = len(body)
    if size < 0x80:
        return bytes((tag, size)) + body
    count = (size.bit_length() + 7) // 8
    return bytes((tag, 0x80 | count)) + size.to_bytes(count, "big") + body


def _seq(*parts: bytes) -> bytes:
    return _tlv(0x30, b"".join(parts))


def _element(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of contents, end) of the DER value at `pos`."""
    tag, size = data[pos], data[pos + 1]
    pos += 2
    if size & 0x80:
        count = size & 0x7F
        size = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    return tag, pos, pos + size


def _serial_and_issuer(tbs: bytes) -> tuple[bytes, bytes]:
    """The serialNumber INTEGER and issuer Name of a TBSCertificate, as encoded there:
    SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, ... }."""
    tag, pos, _end = _element(tbs, 0)
    if tag != 0x30:
        raise ValueError("the certificate's TBSCertificate is not a SEQUENCE")
    tag, _start, end = _element(tbs, pos)
    if tag == 0xA0:  # version
        pos = end
        tag, _start, end = _element(tbs, pos)
    if tag != 0x02:
        raise ValueError("the certificate's serial number is not an INTEGER")
    serial = tbs[pos:end]
    _tag, _start, algorithm_end = _element(tbs, end)  # the certificate's signature algorithm
    tag, _start, issuer_end = _element(tbs, algorithm_end)
    if tag != 0x30:
        raise ValueError("the certificate's issuer is not a Name")
    return serial, tbs[algorithm_end:issuer_end]
