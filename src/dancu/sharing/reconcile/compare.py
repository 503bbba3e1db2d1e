"""The comparison of one submitted row with the register's current record (pure).

* **PIN**: found among every number ever assigned (``pin_record``). A number that is not the
  person's current one is CANCELLED_PIN and carries the current number (NĐ 70 Điều 11: a
  cancelled PIN keeps resolving to its owner).
* **Name**: the lookup's rule (:mod:`dancu.lookup.matching`: NFC, trimmed, single spaces,
  case-insensitive, diacritics significant), with one allowance taken from the register's
  search (:func:`dancu.names.search_key`): a name written with *no* marks at all, as many
  older systems store names, agrees when its folded form equals the register's search key. A name
  that does carry marks must carry the right ones.
* **Date of birth**: exactly the register's (possibly partial) date, as in the lookup.
* **Sex** and **permanent residence unit**: compared only when the row gives them; the unit is
  compared with the unit the register holds the person under (its code as stored).

Precedence: UNKNOWN_PIN, then CANCELLED_PIN, then DECEASED, then MISMATCH, else MATCH; the
differing fields are listed for the last four alike.
"""

from __future__ import annotations

from typing import NamedTuple

from dancu.enums.registry import LifeStatus
from dancu.lookup.matching import normalise_name
from dancu.names import search_key
from dancu.sharing.reconcile.models import CompareField, ResultCode


class Registered(NamedTuple):
    citizen_id: int
    pin: str
    full_name: str
    name_search: str
    date_of_birth: str
    sex: str
    status: str
    unit_code: str | None


class Outcome(NamedTuple):
    code: ResultCode
    fields: str
    current_pin: str | None
    citizen_id: int | None


def name_agrees(given: str, registered: Registered) -> bool:
    if given == registered.full_name:  # the common case, without normalising either side
        return True
    normal = normalise_name(given)
    if normal == normalise_name(registered.full_name):
        return True
    return normal.isascii() and search_key(given) == registered.name_search


def differing(
    registered: Registered, *, full_name: str, date_of_birth: str, sex: str | None, unit_code: str | None
) -> list[CompareField]:
    fields = []
    if not name_agrees(full_name, registered):
        fields.append(CompareField.FULL_NAME)
    if date_of_birth != registered.date_of_birth:
        fields.append(CompareField.DATE_OF_BIRTH)
    if sex is not None and sex != registered.sex:
        fields.append(CompareField.SEX)
    if unit_code is not None and unit_code != registered.unit_code:
        fields.append(CompareField.PERMANENT_RESIDENCE_UNIT)
    return fields


def outcome(
    pin: str,
    registered: Registered | None,
    *,
    full_name: str,
    date_of_birth: str,
    sex: str | None,
    unit_code: str | None,
) -> Outcome:
    if registered is None:
        return Outcome(ResultCode.UNKNOWN_PIN, "", None, None)
    fields = ",".join(
        differing(registered, full_name=full_name, date_of_birth=date_of_birth, sex=sex, unit_code=unit_code)
    )
    if registered.pin != pin:
        return Outcome(ResultCode.CANCELLED_PIN, fields, registered.pin, registered.citizen_id)
    if registered.status == LifeStatus.DEAD:
        return Outcome(ResultCode.DECEASED, fields, None, registered.citizen_id)
    code = ResultCode.MISMATCH if fields else ResultCode.MATCH
    return Outcome(code, fields, None, registered.citizen_id)
