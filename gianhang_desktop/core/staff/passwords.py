"""Password hashing with argon2id (argon2-cffi); a password is never stored, logged or echoed."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..errors import ValidationError
from ..i18n import msg

MIN_LENGTH = 8
MAX_LENGTH = 256


@cache
def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults follow RFC 9106's second recommended option (64 MiB, 3 passes).
    return PasswordHasher()


def validate_password(password: str, field: str = "password") -> str:
    """The password if acceptable: 8 to 256 characters, not only spaces.

    Raises:
        ValidationError: naming `field`; the message never repeats the password.
    """
    if not isinstance(password, str) or len(password) < MIN_LENGTH or not password.strip():
        raise ValidationError(field, msg("Mật khẩu cần ít nhất {n} ký tự", "A password needs at least {n} characters",
                                         n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise ValidationError(field, msg("Mật khẩu dài quá {n} ký tự", "A password may have at most {n} characters",
                                         n=MAX_LENGTH))
    return password


def hash_password(password: str) -> str:
    """An argon2id hash string ("$argon2id$v=19$m=…") of a validated password."""
    return _hasher().hash(validate_password(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches `stored_hash`; False for a wrong password or a damaged hash."""
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's (re-hashed at sign-in)."""
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
