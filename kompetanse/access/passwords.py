"""Password hashes (salted argon2id through argon2-cffi) and the rule for a new password."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kompetanse.errors import KompetanseError
from kompetanse.i18n import _

MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()  # argon2id with the library's recommended cost and a random salt


def hash_password(password: str) -> str:
    """A salted argon2id hash (argon2-cffi)."""
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """True when the password fits the hash; never raises for a wrong or missing one."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise KompetanseError(_("Passordet må ha minst {count} tegn.", count=MIN_PASSWORD_LENGTH))


@cache
def _dummy_hash() -> str:
    return hash_password("ingen-slik-bruker-finnes")
