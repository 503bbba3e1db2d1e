"""The three-key match of NĐ 70 Điều 10 khoản 1: full name, date of birth and PIN.

The rule (pure, so it is tested without a database):

* **PIN**: the person's current number or any number cancelled and replaced for them (a
  cancelled PIN still resolves to its owner, NĐ 70 Điều 11).
* **Name**: the birth name as the register holds it (family, middle, given joined by one space),
  compared with :func:`dancu.names.match_key`: Unicode form, white space, case (the card prints
  capitals) and the tone mark's placement ("Thùy"/"Thuỳ", both in everyday use) do not matter.
  Letters and tones are **significant**: "Lê" is not "Le", since they are different names and
  folding them would make the key weaker.
* **Date of birth**: exactly the register's (possibly partial) date, "YYYY", "YYYY-MM" or
  "YYYY-MM-DD"; a full date does not match a register that only knows the year, since that would
  let a caller guess the missing parts.

A mismatch of any key answers the same "no matching person", never which key failed.
"""

from __future__ import annotations

from dancu.names import match_key


def normalise_name(name: str) -> str:
    return match_key(name)


def name_matches(given: str, registered: str) -> bool:
    if given == registered:
        # The same text has the same key, and a key is empty exactly when the text is only white
        # space (tests/unit/test_names.py): most callers send the name as the register spells it,
        # and neither needs normalising then (~8 µs of CPU a lookup each).
        return not registered.isspace() and registered != ""
    expected = normalise_name(registered)
    return bool(expected) and normalise_name(given) == expected


def dob_matches(given: str, registered: str) -> bool:
    return bool(registered) and given.strip() == registered
