"""Password hashing with argon2id and the rules a staff password must meet."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problems(password: str, email: str = "") -> list[str]:
    """Reasons (in Dutch) why a password is too weak; an empty list means it is acceptable.

    Length beats composition rules (NIST SP 800-63B), so we ask for 12 characters and refuse only the
    obviously guessable.
    """
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Het wachtwoord moet minstens {MIN_LENGTH} tekens lang zijn.")
    if len(set(password)) < 5:
        problems.append("Het wachtwoord heeft te weinig verschillende tekens.")
    local_part = email.split("@", 1)[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        problems.append("Het wachtwoord mag je e-mailadres niet bevatten.")
    return problems
