"""Signing identities: a private key and its X.509 certificate, kept only in encrypted PKCS#12.

A self-signed identity serves training and states without a PKI; a PKCS#12 issued by a state's
own certificate authority loads through the same `load_identity`. The passphrase is used once
to decrypt and is never stored, logged or printed.

Guessing cost: a PKCS#12 file carries an integrity MAC keyed by the passphrase, and readers
check the MAC first, so a wrong guess costs exactly one MAC derivation. cryptography writes that
MAC with 2 048 iterations and offers no option to change it, so a guess would cost well under a
millisecond. `write_identity` therefore recomputes the MAC (RFC 7292 appendix B, SHA-256) with
MAC_ITERATIONS, so that testing a guess against the MAC costs as much as against the key.

What is encrypted: only the private key, in a PBES2 shrouded key bag (PBKDF2-SHA256, KDF_ROUNDS
rounds, AES-256-CBC). The certificate and any chain sit in an unencrypted SafeContents (what
`openssl pkcs12 -export -certpbe NONE` and Java's certProtectionAlgorithm NONE write): the
certificate is public, it ships in every package, manifest and PDF signature, so encrypting it
hid nothing and cost the signer a third derivation on every load (MAC, certificate, key) while a
guesser pays for the MAC alone either way. The MAC covers the certificates as well, so they
cannot be swapped or altered without the passphrase, and `load_identity` also refuses a
certificate that does not belong to the key. Files of the older layout (certificate encrypted
too), a CA's and openssl's files all load the same way; nothing rewrites them on load. The file
stays standard PKCS#12 that openssl reads.
"""

# lazy imports (start-up cost): zxcvbn, asn1crypto
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from ..domain.clock import SYSTEM_CLOCK, Clock
from ..identities import name_problem

#: PBKDF2-SHA256 iterations protecting the key file (AES-256-CBC, PBES2)
KDF_ROUNDS = 600_000
#: PKCS#12 MAC iterations: one round of the RFC 7292 KDF is one SHA-256 compression, one
#: PBKDF2-HMAC-SHA256 round is two, so twice KDF_ROUNDS makes both checks cost the same.
MAC_ITERATIONS = 2 * KDF_ROUNDS
MAC_SALT_BYTES = 16
MIN_PASSPHRASE = 12
MIN_WORDS = 3
PASSPHRASE_RULE = (f"use at least {MIN_PASSPHRASE} characters, or at least {MIN_WORDS} words of"
                   " three or more letters separated by spaces (for example 'river lantern"
                   " orchard'); not only spaces, and not one character or a short group repeated;"
                   " not a common password, word or keyboard pattern")
#: the least number of guesses (log10) the zxcvbn estimator must give (its score 3, "safely
#: unguessable: moderate protection from offline slow-hash attacks"; the key file's KDF is slow)
MIN_GUESSES_LOG10 = 8.0
#: zxcvbn's cost grows fast with length; what lies beyond this only adds strength
ESTIMATE_CHARS = 64

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

#: the organisational unit that marks a workshop's training key in its certificate's subject:
#: a training key signs only training cases, and only a training key signs them (see
#: package.training_key_problem)
TRAINING_UNIT = "mla-writer TRAINING key - not for real requests"


def is_training_certificate(cert: x509.Certificate) -> bool:
    """Whether the certificate is marked as a training key (TRAINING_UNIT in its subject)."""
    return TRAINING_UNIT in _values(cert.subject, NameOID.ORGANIZATIONAL_UNIT_NAME)


def _values(name: x509.Name, oid: x509.ObjectIdentifier) -> list[str]:
    return [str(a.value) for a in name.get_attributes_for_oid(oid)]


class KeyFileError(Exception):
    """A key file cannot be used: unreadable, not PKCS#12, no key or certificate inside."""


class WrongPassphrase(KeyFileError):
    """The passphrase does not open the key file (nothing was changed)."""


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


@dataclass(frozen=True)
class Identity:
    """A decrypted signing identity held in memory for one signing run."""

    certificate: x509.Certificate
    private_key: PrivateKey = field(repr=False)
    chain: tuple[x509.Certificate, ...] = ()
    path: Path | None = None

    @property
    def name(self) -> str:
        return _attr(self.certificate.subject, NameOID.COMMON_NAME)

    @property
    def role(self) -> str:
        return _attr(self.certificate.subject, NameOID.TITLE)

    @property
    def authority(self) -> str:
        return _attr(self.certificate.subject, NameOID.ORGANIZATION_NAME)

    @property
    def fingerprint(self) -> str:
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    @property
    def self_signed(self) -> bool:
        return is_self_signed(self.certificate)

    @property
    def training(self) -> bool:
        return is_training_certificate(self.certificate)

    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def describe(self) -> dict[str, Any]:
        """Public facts about the certificate (never anything about the private key's value)."""
        return describe_certificate(self.certificate)


def is_self_signed(cert: x509.Certificate) -> bool:
    """Issued by itself: same name AND its signature checks with its own public key."""
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except Exception:  # a bad or unsupported signature: not (validly) self-signed
        return False
    return True


def passphrase_problem(passphrase: str | bytes) -> str:
    """Why a new passphrase is too weak ('' when it is acceptable). Counts characters, not
    bytes, so three Thai letters are three characters, not nine."""
    if isinstance(passphrase, bytes):
        try:
            passphrase = passphrase.decode("utf-8")
        except UnicodeDecodeError:
            return "the passphrase is not valid UTF-8 text"
    text = unicodedata.normalize("NFC", passphrase)
    compact = "".join(text.split())
    if not compact:
        return f"the passphrase is empty or only spaces; {PASSPHRASE_RULE}"
    words = {w.casefold() for w in text.split() if len(w) >= 3}
    if len(text) < MIN_PASSPHRASE and len(words) < MIN_WORDS:
        return f"the passphrase has only {len(text)} characters; {PASSPHRASE_RULE}"
    if len(set(compact.casefold())) < 4 or _repeated_group(compact.casefold()):
        return f"the passphrase repeats one character or a short group; {PASSPHRASE_RULE}"
    if _guesses_log10(text) < MIN_GUESSES_LOG10:
        return ("the passphrase is easy to guess (a common password, words or a pattern that"
                f" password guessers try first); {PASSPHRASE_RULE}")
    return ""


def _guesses_log10(text: str) -> float:
    """How many guesses (log10) the zxcvbn estimator expects an attacker needs: the lower of
    the text as typed and without its separators (zxcvbn sees 'cat dog cow' as random
    characters, but 'catdogcow' as the three common words it is)."""
    from zxcvbn import zxcvbn

    forms = {text[:ESTIMATE_CHARS],
             "".join(c for c in text if c.isalnum())[:ESTIMATE_CHARS]}
    return min(float(zxcvbn(form)["guesses_log10"]) for form in forms if form)


def passphrase_forms(passphrase: str | bytes) -> list[bytes]:
    """The byte forms a passphrase may have been set in, the one `write_identity` uses (NFC)
    first: the same passphrase typed on another keyboard or system may arrive composed or
    decomposed ('é' as one character or as 'e' + accent), and keys written by earlier versions
    used the form as typed."""
    if isinstance(passphrase, bytes):
        try:
            text = passphrase.decode("utf-8")
        except UnicodeDecodeError:
            return [passphrase]
    else:
        text = passphrase
    forms = [unicodedata.normalize("NFC", text), text, unicodedata.normalize("NFD", text)]
    return [f.encode("utf-8") for f in dict.fromkeys(forms)]


def _repeated_group(text: str) -> bool:
    """'abcabcabcabc' and 'aaaa': the whole text is one group written again and again."""
    n = len(text)
    return any(n % k == 0 and text[:k] * (n // k) == text for k in range(1, n // 2 + 1))


def describe_certificate(cert: x509.Certificate) -> dict[str, Any]:
    """Subject, issuer, validity, fingerprint and key usage of a certificate, as plain data."""
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        usage = [n for n in ("digital_signature", "content_commitment", "key_cert_sign")
                 if getattr(ku, n)]
    except x509.ExtensionNotFound:
        usage = []
    except ValueError:  # a damaged extension: describe the rest
        usage = []
    try:
        key = cert.public_key()
    except Exception:  # an unsupported or damaged key: say so instead of failing
        key = None
    if isinstance(key, rsa.RSAPublicKey):
        key_text = f"RSA {key.key_size}"
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key_text = f"EC {key.curve.name}"
    else:
        key_text = type(key).__name__ if key is not None else "unreadable"
    return {
        "name": _attr(cert.subject, NameOID.COMMON_NAME),
        "role": _attr(cert.subject, NameOID.TITLE),
        "authority": _attr(cert.subject, NameOID.ORGANIZATION_NAME),
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "self_signed": is_self_signed(cert),
        "training": is_training_certificate(cert),
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "sha256_fingerprint": cert.fingerprint(hashes.SHA256()).hex(),
        "key": key_text,
        "key_usage": ["non_repudiation" if u == "content_commitment" else u for u in usage],
    }


def _encryption(passphrase: bytes) -> serialization.KeySerializationEncryption:
    return (serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(KDF_ROUNDS)
            .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
            .hmac_hash(hashes.SHA256())
            .build(passphrase))


def _p12_mac_key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    """RFC 7292 B.2 key for the integrity MAC (ID 3, SHA-256: u = 32, v = 64, one block)."""
    v = 64

    def fill(data: bytes) -> bytes:
        size = v * -(-len(data) // v)
        return (data * (size // len(data) + 1))[:size] if data else b""

    password = passphrase.encode("utf-16-be") + b"\0\0" if passphrase else b""
    digest = hashlib.sha256(bytes([3]) * v + fill(salt) + fill(password)).digest()
    sha256 = hashlib.sha256
    for _ in itertools.repeat(None, iterations - 1):
        digest = sha256(digest).digest()
    return digest


def _strengthen_mac(data: bytes, passphrase: str, iterations: int = MAC_ITERATIONS) -> bytes:
    """The same PKCS#12 with its MAC recomputed over the same content with `iterations`."""
    from asn1crypto import algos
    from asn1crypto import pkcs12 as asn1_pkcs12

    pfx = asn1_pkcs12.Pfx.load(data)
    content = pfx["auth_safe"]["content"].native  # the authenticated safe's octets
    salt = secrets.token_bytes(MAC_SALT_BYTES)
    mac = hmac.new(_p12_mac_key(passphrase, salt, iterations), content, "sha256").digest()
    mac_data = asn1_pkcs12.MacData({
        "mac": {"digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "digest": mac},
        "mac_salt": salt, "iterations": iterations})
    return asn1_pkcs12.Pfx({"version": pfx["version"], "auth_safe": pfx["auth_safe"],
                            "mac_data": mac_data}).dump()


def mac_iterations(data: bytes) -> int:
    """The MAC iteration count of a PKCS#12 file (0 when it has no MAC)."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    mac_data = asn1_pkcs12.Pfx.load(data)["mac_data"]
    return 0 if mac_data.native is None else int(mac_data["iterations"].native)


def _write_private(path: Path, data: bytes) -> None:
    """Atomic write of a secret file that is 0600 from its first byte (never group-readable,
    even for a moment when an existing file is overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)  # in case a umask or platform widened it
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _certificates_in_clear(data: bytes, certificates: list[x509.Certificate]) -> bytes:
    """The PKCS#12 `data` (written by cryptography, key and certificates each PBES2-encrypted)
    rebuilt with `certificates` in an unencrypted SafeContents and the shrouded key bag kept as
    it is (see the module docstring). The first certificate's bag carries the key bag's own
    friendlyName and localKeyId, as cryptography and openssl write them when they leave the
    certificates in clear; the chain's bags carry none. The MAC is left for `_strengthen_mac`."""
    from asn1crypto import cms
    from asn1crypto import pkcs12 as asn1_pkcs12
    from asn1crypto import x509 as asn1_x509

    pfx = asn1_pkcs12.Pfx.load(data)
    key_safes = [ci for ci in pfx.authenticated_safe if ci["content_type"].native == "data"]
    if len(key_safes) != 1:
        raise KeyFileError("internal error: expected one key bag in the serialized key file")
    key_safe = key_safes[0]
    key_bags = asn1_pkcs12.SafeContents.load(key_safe["content"].native)
    if [b["bag_id"].native for b in key_bags] != ["pkcs8_shrouded_key_bag"]:
        raise KeyFileError("internal error: the serialized key file has no shrouded key bag")
    link = key_bags[0]["bag_attributes"]
    bags = []
    for n, cert in enumerate(certificates):
        bag: dict[str, Any] = {"bag_id": "cert_bag", "bag_value": asn1_pkcs12.CertBag({
            "cert_id": "x509", "cert_value": asn1_x509.Certificate.load(
                cert.public_bytes(serialization.Encoding.DER))})}
        if n == 0:
            bag["bag_attributes"] = link.copy()
        bags.append(asn1_pkcs12.SafeBag(bag))
    cert_safe = cms.ContentInfo({"content_type": "data",
                                 "content": asn1_pkcs12.SafeContents(bags).dump()})
    safes = asn1_pkcs12.AuthenticatedSafe([cert_safe, key_safe])
    return asn1_pkcs12.Pfx({
        "version": pfx["version"],
        "auth_safe": cms.ContentInfo({"content_type": "data", "content": safes.dump()}),
    }).dump()


def clear_certificates(path: str | os.PathLike[str]) -> tuple[x509.Certificate, ...] | None:
    """The certificates a key file holds in clear, the signer's first (the one whose bag names
    the key bag's localKeyId), read without the passphrase; None when there are none (a file
    with encrypted certificates, not PKCS#12, or unreadable). Unchecked: the MAC is verified
    only with the passphrase, so this is a guess that `load_identity`'s result must confirm
    (the package lays out its PDFs with it while the key is decrypted)."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(Path(path).read_bytes())
        key_ids: set[bytes] = set()
        signer: list[x509.Certificate] = []
        others: list[x509.Certificate] = []
        bags = [bag for ci in pfx.authenticated_safe if ci["content_type"].native == "data"
                for bag in asn1_pkcs12.SafeContents.load(ci["content"].native)]
        for bag in bags:
            if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                key_ids |= {bytes(v) for a in bag["bag_attributes"]
                            if a["type"].native == "local_key_id" for v in a["values"].native}
        for bag in bags:
            if bag["bag_id"].native != "cert_bag" or bag["bag_value"]["cert_id"].native != "x509":
                continue
            cert = x509.load_der_x509_certificate(bag["bag_value"]["cert_value"].parsed.dump())
            ids = {bytes(v) for a in bag["bag_attributes"]
                   if a["type"].native == "local_key_id" for v in a["values"].native}
            (signer if ids & key_ids else others).append(cert)
    except Exception:  # any unreadable or unexpected structure: nothing known in clear
        return None
    if len(signer) != 1:
        return None
    return (signer[0], *others)


def write_identity(identity: Identity, out_path: str | os.PathLike[str],
                   passphrase: str | bytes) -> None:
    """Write an identity as PKCS#12: the key in a PBES2 shrouded key bag (AES-256, KDF_ROUNDS
    PBKDF2 rounds), the certificate and chain in clear, a MAC with MAC_ITERATIONS over both
    (see the module docstring); atomically, mode 0600. Refuses a weak passphrase
    (PASSPHRASE_RULE)."""
    why = passphrase_problem(passphrase)
    if why:
        raise KeyFileError(why)
    text = passphrase.decode("utf-8") if isinstance(passphrase, bytes) else passphrase
    text = unicodedata.normalize("NFC", text)  # see passphrase_forms
    secret = text.encode("utf-8")
    certificates = [identity.certificate, *identity.chain]
    data = pkcs12.serialize_key_and_certificates(
        (identity.name or "mla-writer").encode("utf-8"), identity.private_key,
        identity.certificate, list(identity.chain) or None, _encryption(secret))
    data = _strengthen_mac(_certificates_in_clear(data, certificates), text)
    try:  # never write a key file that cannot be opened again, or opens as something else
        loaded = pkcs12.load_pkcs12(data, secret)
    except ValueError as exc:
        raise KeyFileError(f"internal error: the key file would not open ({exc})") from None
    if (loaded.key is None or loaded.cert is None
            or loaded.cert.certificate != identity.certificate
            or loaded.key.public_key() != identity.private_key.public_key()
            or [c.certificate for c in loaded.additional_certs] != list(identity.chain)):
        raise KeyFileError("internal error: the key file would not open as the same identity")
    _write_private(Path(out_path), data)


def create_identity(out_path: str | os.PathLike[str] | None, name: str, role: str,
                    authority: str, passphrase: str | bytes, *, country: str = "",
                    key_type: str = "rsa", days: int = 730, clock: Clock | None = None,
                    not_before: dt.datetime | None = None,
                    not_after: dt.datetime | None = None, training: bool = False) -> Identity:
    """A new key pair with a self-signed certificate, written to `out_path` (if given)
    encrypted with `passphrase`.

    The certificate is its own root: basicConstraints CA:TRUE with pathLen 0 and keyUsage
    digitalSignature, nonRepudiation and keyCertSign, because NSS (pdfsig, Firefox,
    Thunderbird) accepts an imported self-signed certificate as a trust anchor only then.
    mla-writer's own verifier trusts such a certificate for itself alone, never for a
    certificate it might have issued (see verify.py)."""
    # `training`: marked as a workshop's training key (TRAINING_UNIT), for training cases only
    if not name.strip():
        raise KeyFileError("the signer's name is required")
    if name_problem(name):
        raise KeyFileError(f"the signer's name: {name_problem(name)}")
    why = passphrase_problem(passphrase) if out_path is not None else ""
    if why:
        raise KeyFileError(why)
    if key_type == "rsa":
        key: PrivateKey = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    elif key_type == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        raise KeyFileError(f"unknown key type {key_type!r}; expected rsa or ec")
    now = (clock or SYSTEM_CLOCK).now()
    start = not_before or now - dt.timedelta(minutes=5)
    end = not_after or now + dt.timedelta(days=days)
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name.strip())]
    if role.strip():
        attrs.append(x509.NameAttribute(NameOID.TITLE, role.strip()))
    if authority.strip():
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, authority.strip()))
    if country.strip():
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country.strip().upper()))
    if training:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TRAINING_UNIT))
    subject = x509.Name(attrs)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    identity = Identity(certificate=cert, private_key=key,
                        path=Path(out_path) if out_path is not None else None)
    if out_path is not None:
        write_identity(identity, out_path, passphrase)
    return identity


def _looks_like_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        pfx["version"].native  # noqa: B018 - forces parsing
        pfx["auth_safe"]["content_type"].native  # noqa: B018
    except Exception:  # any parse failure means "not PKCS#12"
        return False
    return True


def load_identity(path: str | os.PathLike[str], passphrase: str | bytes) -> Identity:
    """Decrypt a PKCS#12 key file; WrongPassphrase or KeyFileError say exactly what failed."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{p}: cannot read the key file: {exc.strerror or exc}") from None
    loaded = None
    for secret in passphrase_forms(passphrase):
        try:
            loaded = pkcs12.load_pkcs12(data, secret)
            break
        except ValueError:
            if not _looks_like_pkcs12(data):
                raise KeyFileError(f"{p}: not a PKCS#12 (.p12/.pfx) key file") from None
    if loaded is None:
        raise WrongPassphrase(f"{p}: wrong passphrase for this key file")
    if loaded.key is None or loaded.cert is None:
        raise KeyFileError(f"{p}: the PKCS#12 file must hold a private key and its certificate")
    key = loaded.key
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyFileError(f"{p}: unsupported key type {type(key).__name__} (use RSA or EC)")
    cert = loaded.cert.certificate
    if cert.public_key() != key.public_key():
        raise KeyFileError(f"{p}: the certificate does not belong to the private key")
    chain = tuple(c.certificate for c in loaded.additional_certs)
    return Identity(certificate=cert, private_key=key, chain=chain, path=p)


class PendingIdentity:
    """A key file and its passphrase, decrypted on first `resolve()` (once; the result, or
    the error, is kept). Lets the package's documents be rendered while the key's slow
    passphrase check runs (`package.write_package`); the errors are `load_identity`'s."""

    def __init__(self, path: str | os.PathLike[str], passphrase: str | bytes) -> None:
        self.path = Path(path)
        self._passphrase: str | bytes | None = passphrase
        self._identity: Identity | None = None
        self._error: KeyFileError | None = None

    def resolve(self) -> Identity:
        if self._identity is None and self._error is None:
            secret, self._passphrase = self._passphrase, None  # used once, then dropped
            try:
                self._identity = load_identity(self.path, secret or "")
            except KeyFileError as exc:
                self._error = exc
        if self._error is not None:
            raise self._error
        assert self._identity is not None
        return self._identity


def resolved(identity: Identity | PendingIdentity) -> Identity:
    """The decrypted identity (decrypting a pending one now)."""
    return identity.resolve() if isinstance(identity, PendingIdentity) else identity
