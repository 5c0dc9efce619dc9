"""Trust in a certificate: the trust anchors a user gives (a PEM or DER file), whether a
certificate is one of them or chains to one, and the signer as a person reads it. Shared by
the package verification and the office signing policy."""

# lazy imports (start-up cost): asn1crypto, pyhanko_certvalidator, signing, safetext, asyncio
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from cryptography import x509

from .cms import certificate_der
from .keys import is_self_signed
from .source import PackageReadError


def load_trust(path: str | os.PathLike[str]) -> list[x509.Certificate]:
    """Certificates from a PEM (one or more) or DER file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PackageReadError(f"{path}: cannot read the trust file ({exc.strerror or exc})"
                               ) from None
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise PackageReadError(f"{path}: not a certificate file ({exc})") from None


def _anchors(trust: Any) -> list[x509.Certificate]:
    if isinstance(trust, str | os.PathLike):
        return load_trust(trust)
    if isinstance(trust, x509.Certificate):
        return [trust]
    return list(trust or [])


def _moment_inside(cert: x509.Certificate, now: dt.datetime) -> dt.datetime:
    """`now`, moved into the certificate's validity so trust is judged apart from expiry."""
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    return min(max(now, start + dt.timedelta(seconds=1)), end - dt.timedelta(seconds=1))


def _vouches_only_for_itself(cert: x509.Certificate) -> bool:
    """A self-signed certificate made for signing (nonRepudiation), not a real CA root."""
    if not is_self_signed(cert):
        return False
    try:
        return cert.extensions.get_extension_for_class(x509.KeyUsage).value.content_commitment
    except (x509.ExtensionNotFound, ValueError):
        return False


def trusted_by(cert: x509.Certificate, others: list[x509.Certificate],
               anchors: list[x509.Certificate], moment: dt.datetime) -> bool:
    """Whether `cert` is one of the anchors, or chains (signatures validated, at `moment`) to
    an anchor that is a certificate authority rather than a self-signed signer."""
    der = certificate_der(cert)
    if any(certificate_der(a) == der for a in anchors):
        return cert.issuer != cert.subject or is_self_signed(cert)
    authorities = [a for a in anchors if not _vouches_only_for_itself(a)]
    if not authorities:
        return False
    import asyncio  # only a chain to validate needs it (not a `sign` without one)

    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator

    from .pdf_sign import validation_context

    validator = CertificateValidator(
        asn1_x509.Certificate.load(der),
        intermediate_certs=[asn1_x509.Certificate.load(certificate_der(o)) for o in others],
        validation_context=validation_context(authorities, moment))
    try:
        asyncio.run(validator.async_validate_usage(set()))
    except Exception:  # any path-validation failure means: not trusted
        return False
    return True


def _describe_signer(cert: x509.Certificate) -> str:
    """Name, role and authority of a certificate, its invisible and control characters shown
    (`<U+200B>`): the certificate is the sender's text, and reaches screens and reports."""
    from ..safetext import visible_name
    from .keys import describe_certificate

    info = describe_certificate(cert)
    parts = [info["name"], info["role"], info["authority"]]
    return visible_name(", ".join(p for p in parts if p) or info["subject"])
