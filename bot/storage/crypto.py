"""Encryption of stored credentials: `CredentialCipher` over `MultiFernet`.

The first configured key (`FERNET_KEYS`, newest first) encrypts; every key decrypts. Each row
with ciphertext also stores the *key id* of the key that wrote it (a short hash of the key,
never the key), so `python -m bot rotate-keys` can tell how many rows still depend on an old
key before that key is retired.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

KEYS_MISMATCH_MESSAGE = "credentials cannot be decrypted with the configured keys"


class CredentialsUndecryptableError(Exception):
    """Stored ciphertext matches none of the configured keys (keys lost or changed)."""

    def __init__(self, detail: str = "") -> None:
        message = KEYS_MISMATCH_MESSAGE
        if detail:
            message += f" ({detail})"
        super().__init__(message)


def key_id(key: str | bytes) -> str:
    """A stable, non-secret 12-character name for a Fernet key."""
    raw = key.encode() if isinstance(key, str) else key
    return hashlib.sha256(b"smart-bot fernet key id\x00" + raw.strip()).hexdigest()[:12]


class CredentialCipher:
    """Encrypts and decrypts credential strings; holds the keys, never shows them."""

    __slots__ = ("_fernets", "_ids", "_multi")

    def __init__(self, keys: Sequence[str | bytes | SecretStr]) -> None:
        raw_keys = [(k.get_secret_value() if isinstance(k, SecretStr) else k) for k in keys]
        if not raw_keys:
            msg = "FERNET_KEYS is empty: at least one key is needed to store credentials"
            raise ValueError(msg)
        encoded = [k.encode() if isinstance(k, str) else k for k in raw_keys]
        self._fernets = tuple(Fernet(k.strip()) for k in encoded)
        self._ids = tuple(key_id(k) for k in encoded)
        self._multi = MultiFernet(list(self._fernets))

    def __repr__(self) -> str:
        return f"CredentialCipher(key_ids={list(self._ids)!r})"

    @property
    def primary_key_id(self) -> str:
        """Id of the key that encrypts new values (the first one)."""
        return self._ids[0]

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Ids of all configured keys, newest first."""
        return self._ids

    def encrypt(self, plaintext: str) -> str:
        """Encrypt with the primary key; the result is URL-safe ASCII."""
        return self._multi.encrypt(plaintext.encode()).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        """Decrypt with whichever configured key wrote it.

        Raises:
            CredentialsUndecryptableError: no configured key fits.
        """
        try:
            return self._multi.decrypt(ciphertext.encode("ascii")).decode()
        except (InvalidToken, UnicodeError):
            raise CredentialsUndecryptableError from None

    def rotate(self, ciphertext: str) -> str:
        """Re-encrypt with the primary key, keeping the original timestamp.

        Raises:
            CredentialsUndecryptableError: no configured key fits.
        """
        try:
            return self._multi.rotate(ciphertext.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            raise CredentialsUndecryptableError from None

    def key_id_of(self, ciphertext: str) -> str | None:
        """Id of the configured key that decrypts `ciphertext`, or None when none does."""
        token = ciphertext.encode("ascii", errors="replace")
        for fernet, kid in zip(self._fernets, self._ids, strict=True):
            try:
                fernet.decrypt(token)
            except InvalidToken:
                continue
            return kid
        return None
