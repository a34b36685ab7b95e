"""CredentialCipher: newest key encrypts, every key decrypts, keys never shown."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from bot.storage.crypto import (
    KEYS_MISMATCH_MESSAGE,
    CredentialCipher,
    CredentialsUndecryptableError,
    key_id,
)


def test_a_value_round_trips_and_the_ciphertext_hides_it() -> None:
    cipher = CredentialCipher([Fernet.generate_key().decode()])
    token = cipher.encrypt("hunter2-password")
    assert "hunter2" not in token
    assert cipher.decrypt(token) == "hunter2-password"


def test_the_repr_names_key_ids_but_never_a_key() -> None:
    key = Fernet.generate_key().decode()
    cipher = CredentialCipher([key])
    assert key not in repr(cipher)
    assert key_id(key) in repr(cipher)
    assert key_id(key) not in key


def test_a_wrong_key_gives_the_clear_keys_error() -> None:
    token = CredentialCipher([Fernet.generate_key()]).encrypt("secret")
    other = CredentialCipher([Fernet.generate_key()])
    with pytest.raises(CredentialsUndecryptableError, match=KEYS_MISMATCH_MESSAGE):
        other.decrypt(token)
    assert other.key_id_of(token) is None


def test_the_newest_key_encrypts_and_an_old_one_still_decrypts() -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    token = CredentialCipher([old]).encrypt("secret")
    both = CredentialCipher([new, old])
    assert both.decrypt(token) == "secret"
    assert both.key_id_of(token) == key_id(old)
    assert both.key_id_of(both.encrypt("x")) == both.primary_key_id == key_id(new)
    rotated = both.rotate(token)
    assert both.key_id_of(rotated) == key_id(new)
    assert CredentialCipher([new]).decrypt(rotated) == "secret"


def test_no_keys_is_refused_with_a_message_naming_the_setting() -> None:
    with pytest.raises(ValueError, match="FERNET_KEYS"):
        CredentialCipher([])
