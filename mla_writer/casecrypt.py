"""Encrypted case files: AES-256-GCM under a key derived from a passphrase with scrypt.

Case files hold names, addresses and accounts of suspects and witnesses, and travel on laptops
and USB sticks. Encryption is opt-in per case (`protect`) and may be required by office policy
(`MLA_WRITER_CASE_ENCRYPTION=required`).

File format, version 1 (all of the header is authenticated as associated data, so changing any
byte of the file — header, ciphertext or tag — makes decryption fail):

    offset  size  field
    0       8     magic b"MLAWCASE"
    8       1     format version (1)
    9       1     key derivation (1 = scrypt)
    10      1     scrypt log2(N)
    11      1     scrypt r
    12      1     scrypt p
    13      16    salt
    29      1     cipher (1 = AES-256-GCM)
    30      12    nonce (random, new for every save)
    42      ...   ciphertext of the UTF-8 JSON case file, then the 16-byte GCM tag

The key, never the passphrase, stays bound to the loaded case in memory (`key_of`), so saving,
autosave and recovery files of that case are encrypted with it (a fresh nonce each time)
without deriving the key again. The derived key is not logged or written anywhere.
"""

# lazy imports (start-up cost): cryptography

from __future__ import annotations

import os
import struct
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"MLAWCASE"
FORMAT_VERSION = 1
KDF_SCRYPT = 1
CIPHER_AES_GCM = 1
_HEADER = struct.Struct(">8sBBBBB16sB12s")
HEADER_SIZE = _HEADER.size
TAG_SIZE = 16
#: scrypt cost for new files: N = 2**17, r = 8, p = 1 (128 MiB, about half a second)
DEFAULT_COST = (17, 8, 1)
#: what a file may ask for when read: cheap enough to test, never more than 1 GiB of memory
_MIN_LOG2N, _MAX_LOG2N, _MAX_R, _MAX_P, _MAX_MEMORY = 10, 20, 16, 4, 2**30
POLICY_ENV = "MLA_WRITER_CASE_ENCRYPTION"
PASSPHRASE_ENV = "MLA_WRITER_CASE_PASSPHRASE"  # noqa: S105 - a variable name, not a secret
MIN_PASSPHRASE = 8


class CaseCryptError(Exception):
    """An encrypted case file cannot be opened or written; the message says why (never the
    passphrase or the key)."""


class PassphraseNeeded(CaseCryptError):
    """The file is encrypted and no passphrase was given."""


@dataclass(frozen=True)
class CaseKey:
    """A derived key with the salt and cost it was derived with (kept with the case)."""

    key: bytes
    salt: bytes
    cost: tuple[int, int, int]

    def __repr__(self) -> str:  # never print the key
        return f"CaseKey(cost={self.cost})"


def derive(passphrase: str, salt: bytes | None = None,
           cost: tuple[int, int, int] = DEFAULT_COST) -> CaseKey:
    """Derive the file key from a passphrase (scrypt, memory-hard)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # (a fast start: when used)

    if not passphrase:
        raise CaseCryptError("the passphrase is empty")
    log2n, r, p = cost
    salt = os.urandom(16) if salt is None else salt
    key = Scrypt(salt=salt, length=32, n=2**log2n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return CaseKey(key, salt, cost)


def is_encrypted(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


def _looks_damaged(raw: bytes) -> bool:
    """A file whose first bytes are the magic with one or two bytes changed: an encrypted case
    file with a damaged header, not a JSON file."""
    head = raw[:len(MAGIC)]
    return len(head) == len(MAGIC) and sum(a != b for a, b in zip(head, MAGIC, strict=True)) <= 2


def file_is_encrypted(path: str | os.PathLike[str]) -> bool:
    """Whether the file at `path` is an encrypted case file (False if it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC))
    except OSError:
        return False
    return head == MAGIC or _looks_damaged(head)


def seal_bytes(plain: bytes, key: CaseKey) -> bytes:
    """Encrypt `plain` with a fresh random nonce under `key`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    log2n, r, p = key.cost
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, KDF_SCRYPT, log2n, r, p, key.salt,
                          CIPHER_AES_GCM, nonce)
    return header + AESGCM(key.key).encrypt(nonce, plain, header)


#: (passphrase, salt, cost) -> key of this process: re-opening the same file does not derive
#: again. Held in memory only.
_DERIVED: dict[tuple[str, bytes, tuple[int, int, int]], CaseKey] = {}


def open_bytes(raw: bytes, passphrase: str | None) -> tuple[bytes, CaseKey | None]:
    """(plain bytes, key) of a case file's bytes: plain files come back unchanged with no key.

    Raises PassphraseNeeded for an encrypted file without a passphrase, CaseCryptError for a
    wrong passphrase, a modified byte or an unsupported format.
    """
    if not is_encrypted(raw):
        if _looks_damaged(raw):
            raise CaseCryptError("an encrypted case file whose header has been modified or"
                                 " damaged; nothing was loaded")
        return raw, None
    if len(raw) < HEADER_SIZE + TAG_SIZE:
        raise CaseCryptError("an encrypted case file that is cut short (truncated or damaged);"
                             " nothing was loaded")
    _, version, kdf, log2n, r, p, salt, cipher, nonce = _HEADER.unpack_from(raw)
    if version != FORMAT_VERSION:
        raise CaseCryptError(f"an encrypted case file of format {version}, which this version"
                             f" does not read (it reads format {FORMAT_VERSION}), or a damaged"
                             " file; nothing was loaded")
    if kdf != KDF_SCRYPT or cipher != CIPHER_AES_GCM:
        raise CaseCryptError("an encrypted case file with an unknown key derivation or cipher"
                             " (damaged, or written by a newer version); nothing was loaded")
    cost = (log2n, r, p)
    if not (_MIN_LOG2N <= log2n <= _MAX_LOG2N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P
            and 128 * 2**log2n * r * p <= _MAX_MEMORY):
        raise CaseCryptError("an encrypted case file with key-derivation settings out of range"
                             " (damaged or modified); nothing was loaded")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if passphrase is None:
        raise PassphraseNeeded("the case file is encrypted: a passphrase is needed to open it")
    cache_key = (passphrase, salt, cost)
    key = _DERIVED.get(cache_key) or derive(passphrase, salt, cost)
    try:
        plain = AESGCM(key.key).decrypt(nonce, raw[HEADER_SIZE:], raw[:HEADER_SIZE])
    except InvalidTag:
        raise CaseCryptError("wrong passphrase, or the encrypted file has been modified or"
                             " damaged; nothing was loaded") from None
    _DERIVED[cache_key] = key
    return plain, key


# --- keys bound to cases in memory ------------------------------------------------------------

#: id(case) -> (weak reference, key or PLAIN). An entry dies with its case object.
_BOUND: dict[int, tuple[weakref.ref[Any], CaseKey | None]] = {}
PLAIN = None


def _bind(case: Any, key: CaseKey | None) -> None:
    ident = id(case)

    def forget(_ref: weakref.ref[Any], i: int = ident) -> None:
        _BOUND.pop(i, None)

    _BOUND[ident] = (weakref.ref(case, forget), key)


def bind(case: Any, key: CaseKey | None) -> None:
    """Remember the key a case was loaded with (storage calls this after loading)."""
    if key is not None:
        _bind(case, key)


def protect(case: Any, passphrase: str, cost: tuple[int, int, int] = DEFAULT_COST) -> None:
    """Encrypt this case from its next save on (a new salt, so a new key)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise CaseCryptError(f"the passphrase must be at least {MIN_PASSPHRASE} characters")
    _bind(case, derive(passphrase, cost=cost))


def unprotect(case: Any) -> None:
    """Save this case unencrypted from now on (an explicit decision: it may replace an
    encrypted file with a plain one)."""
    _bind(case, PLAIN)


def key_of(case: Any) -> CaseKey | None:
    entry = _BOUND.get(id(case))
    if entry is None or entry[0]() is not case:
        return None
    return entry[1]


def _explicitly_plain(case: Any) -> bool:
    entry = _BOUND.get(id(case))
    return entry is not None and entry[0]() is case and entry[1] is None


def policy_requires_encryption() -> bool:
    """Office policy: MLA_WRITER_CASE_ENCRYPTION=required makes every saved case encrypted."""
    return os.environ.get(POLICY_ENV, "").strip().lower() == "required"


def seal_for(case: Any, plain: bytes, target: str | os.PathLike[str]) -> bytes:
    """The bytes to write for `case` at `target`: encrypted when the case has a key.

    Refused (CaseCryptError) when office policy requires encryption and the case has no key,
    and when `target` is an encrypted file and the case was not explicitly decrypted (so an
    encrypted file is never silently replaced by a plain one).
    """
    key = key_of(case)
    if key is not None:
        return seal_bytes(plain, key)
    if policy_requires_encryption():
        raise CaseCryptError(f"office policy ({POLICY_ENV}=required) allows only encrypted case"
                             " files: set a passphrase for this case first"
                             " (mla-writer encrypt CASE); the file was not written")
    if not _explicitly_plain(case) and file_is_encrypted(Path(target)):
        raise CaseCryptError("the file there is encrypted and this case has no key: it is not"
                             " replaced by an unencrypted copy (decrypt it explicitly with"
                             " mla-writer decrypt); the file was not written")
    return plain
