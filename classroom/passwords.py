"""A password for each student: the file that [login] student_passwords in classroom/settings.toml names.

    sudo python3 classroom/passwords.py FILE NAME [NAME ...]

makes a new password for each NAME, stores only its hash in FILE (made with mode 600; other names in it
stay) and prints each name with its password, once: hand them out (on paper, by the school's mail). Run it
again for a student who lost theirs, or to add students; the hub reads the file at every login, so it
needs no restart. With the file set, a student logs in only under their own name with their own password,
and the class password no longer logs anyone in: that is what makes a submission in nbgrader theirs.

The file is TOML, one line per student: `ada = "pbkdf2_sha256$200000$<salt>$<hash>"` (standard library
only: hashlib's PBKDF2 with a random salt per student).
"""

import hashlib
import hmac
import os
import re
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import classsettings  # noqa: E402

ITERATIONS = 200_000
#: Letters and digits that cannot be mistaken for one another when read off paper (no 0/o, 1/l/i).
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class PasswordFileError(ValueError):
    """The passwords file cannot be used; the message says what to do."""


def new_password():
    """Twelve characters in three groups, e.g. 'k7mq-x3tz-p9wa' (about 59 bits)."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))


def hash_password(password, salt=None, iterations=ITERATIONS):
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def verify(password, stored):
    """True when `password` is the one `stored` (a hash_password result) was made from."""
    try:
        kind, iterations, salt, digest = stored.split("$")
        iterations = int(iterations)
    except ValueError:
        return False
    if kind != "pbkdf2_sha256":
        return False
    return hmac.compare_digest(hash_password(password, salt, iterations).split("$")[3], digest)


def read(path):
    """{name: stored hash} from the file; a clear error when it is missing or wrong."""
    path = Path(path)
    try:
        table = classsettings.tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PasswordFileError(f"{path} is missing: make it with `python3 classroom/passwords.py {path} NAME ...`.") \
            from None
    except classsettings.tomllib.TOMLDecodeError as exc:
        raise PasswordFileError(f"{path} is not valid TOML ({exc}): make it again with classroom/passwords.py.") \
            from None
    for name, stored in table.items():
        if not re.fullmatch(classsettings.USERNAME_PATTERN, name) or not isinstance(stored, str) \
                or not stored.startswith("pbkdf2_sha256$"):
            raise PasswordFileError(f"{path}: the line for {name!r} is not a name with a password hash: make it again "
                                    "with classroom/passwords.py.")
    return table


def write(path, table):
    path = Path(path)
    text = "# Students' passwords (hashes only), written by classroom/passwords.py.\n" + "".join(
        f'{name} = "{stored}"\n' for name, stored in sorted(table.items()))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o600)


def add(path, names):
    """New passwords for `names` in the file at `path` (made if missing); return {name: password}."""
    bad = [n for n in names if not re.fullmatch(classsettings.USERNAME_PATTERN, n)]
    if bad:
        raise PasswordFileError(f"{', '.join(bad)}: a name is lowercase letters, digits, - and _, starting with a "
                                "letter (it becomes the student's Unix account).")
    table = read(path) if Path(path).exists() else {}
    given = {name: new_password() for name in names}
    table.update({name: hash_password(password) for name, password in given.items()})
    write(path, table)
    return given


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    try:
        given = add(argv[0], argv[1:])
    except PasswordFileError as exc:
        sys.exit(f"passwords: {exc}")
    width = max(map(len, given))
    for name, password in given.items():
        print(f"{name:<{width}}  {password}")
    print(f"(Only their hashes are kept, in {argv[0]}: write these down now.)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
