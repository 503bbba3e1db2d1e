"""Pure rules of reconciliation: reading rows, comparing them, and the channel adapters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dancu.access.actor import Actor
from dancu.access.groups import ActorGroup, Channel
from dancu.access.permissions import Permission
from dancu.errors import DomainError, Forbidden
from dancu.sharing import channels
from dancu.sharing.reconcile import parsing
from dancu.sharing.reconcile.adapter import RECONCILIATION
from dancu.sharing.reconcile.compare import Registered, outcome
from dancu.sharing.reconcile.models import ResultCode, RowProblem, SourceFormat

PERSON = Registered(7, "001085000001", "Lê Thị Hoa", "le thi hoa", "1985-07-07", "2", "alive", "00070")


def _compare(pin: str = PERSON.pin, name: str = "Lê Thị Hoa", **extra: str | None) -> tuple[str, str]:
    found = outcome(
        pin,
        extra.pop("registered", None) or PERSON,  # type: ignore[arg-type]
        full_name=name,
        date_of_birth=extra.get("date_of_birth") or "1985-07-07",
        sex=extra.get("sex"),
        unit_code=extra.get("unit_code"),
    )
    return found.code.value, found.fields


@pytest.mark.parametrize(
    "name",
    ["Lê Thị Hoa", "LÊ THỊ HOA", " Lê  Thị Hoa ", unicodedata.normalize("NFD", "Lê Thị Hoa"), "LE THI HOA"],
)
def test_names_agree_after_normalising_and_when_written_without_marks(name: str) -> None:
    assert _compare(name=name) == ("MATCH", "")


@pytest.mark.parametrize("name", ["Lệ Thị Hoa", "Le Thị Hoa", "Lê Thị Hòa", "Lê Thị Hoà Bình"])
def test_a_name_with_marks_must_carry_the_right_ones(name: str) -> None:
    assert _compare(name=name) == ("MISMATCH", "full_name")


def test_fields_are_compared_only_when_given_and_listed_in_order() -> None:
    assert _compare(sex="2", unit_code="00070") == ("MATCH", "")
    assert _compare(date_of_birth="1985", sex="1", unit_code="00071") == (
        "MISMATCH",
        "date_of_birth,sex,permanent_residence_unit",
    )


def test_unknown_cancelled_and_deceased_take_precedence() -> None:
    assert outcome(
        "001085999999", None, full_name="X", date_of_birth="1985", sex=None, unit_code=None
    ).code is (ResultCode.UNKNOWN_PIN)
    cancelled = outcome(
        "001085000009", PERSON, full_name="X", date_of_birth="1985-07-07", sex=None, unit_code=None
    )
    assert (cancelled.code, cancelled.fields, cancelled.current_pin) == (
        ResultCode.CANCELLED_PIN,
        "full_name",
        PERSON.pin,
    )
    dead = PERSON._replace(status="dead")
    assert _compare(registered=dead) == ("DECEASED", "")  # type: ignore[arg-type]


def test_bad_rows_are_named_and_good_rows_trimmed() -> None:
    content = (
        "PIN, full_name ,date_of_birth,sex\n"
        "001085000001, Lê Thị Hoa ,1985-07-07,2\n"
        "00108500000A,Lê Thị Hoa,1985-07-07,2\n"
        "001085000001,Lê Thị Hoa,1985-02-30,2\n"
        "001085000001,Lê Thị Hoa,1985,M\n"
        "001085000001,Lê Thị Hoa\n"
        "\n"
        "001085000001,,1985,\n"
    ).encode()
    columns, rows = parsing.parse(content, SourceFormat.CSV)
    assert columns == ["pin", "full_name", "date_of_birth", "sex"]
    found = list(rows)
    assert found[0] == parsing.InputRow(1, "001085000001", "Lê Thị Hoa", "1985-07-07", "2", None, None, None)
    assert [(r.row_no, r.problem, r.problem_field) for r in found[1:]] == [
        (2, RowProblem.PIN_FORMAT, "pin"),
        (3, RowProblem.DATE_FORMAT, "date_of_birth"),
        (4, RowProblem.SEX_VALUE, "sex"),
        (5, RowProblem.COLUMN_COUNT, None),
        (6, RowProblem.MISSING_VALUE, "full_name"),
    ]


@pytest.mark.parametrize(
    ("content", "field", "rule"),
    [
        (b"\xff\xfe", "file", "reconcile.not_utf8"),
        (b"pin,full_name,pin,date_of_birth\n", "file.header", "reconcile.duplicate_column"),
        (b"pin,date_of_birth\n", "file.header", "reconcile.missing_column"),
    ],
)
def test_a_bad_file_names_field_and_rule(content: bytes, field: str, rule: str) -> None:
    with pytest.raises(DomainError) as raised:
        parsing.parse(content, SourceFormat.CSV)
    assert (raised.value.problems[0].field, raised.value.problems[0].rule) == (field, rule)


def _member(group: ActorGroup, permissions: frozenset[Permission]) -> Actor:
    return Actor(label="x", group=group, channel=Channel.PORTAL, organisation_id=1, permissions=permissions)


def test_reconciliation_is_a_registered_adapter_for_k1_only() -> None:
    assert channels.get("reconciliation") is RECONCILIATION
    assert RECONCILIATION.channel is Channel.OTHER
    acting = channels.authorise("reconciliation", _member(ActorGroup.K1, frozenset({Permission.RECONCILE})))
    assert acting.channel is Channel.OTHER  # the log names the channel the caller came through
    with pytest.raises(Forbidden) as refused:
        channels.authorise("reconciliation", _member(ActorGroup.K2, frozenset({Permission.RECONCILE})))
    assert refused.value.code == "reconcile.group_not_allowed"
    with pytest.raises(Forbidden):
        channels.authorise("reconciliation", _member(ActorGroup.K1, frozenset()))


def test_a_new_adapter_is_added_by_registering_it() -> None:
    adapter = channels.ExploitationChannel(
        name="test-sms",
        channel=Channel.OTHER,
        legal_point="Luật Căn cước Điều 10 khoản 5 điểm e",
        permission=Permission.VERIFY,
        groups=frozenset({ActorGroup.K1, ActorGroup.K2}),
        description="test",
    )
    channels.register(adapter)
    assert adapter in channels.registered()
    assert (
        channels.authorise("test-sms", _member(ActorGroup.K2, frozenset({Permission.VERIFY}))).channel
        is Channel.OTHER
    )
    with pytest.raises(ValueError, match="already registered"):
        channels.register(adapter.__class__(**{**adapter.__dict__, "description": "other"}))


def test_an_unterminated_quote_spoils_its_own_row_only() -> None:
    # Read as one CSV stream, the open quote on row 2 swallows every row after it into one field.
    content = (
        "pin,full_name,date_of_birth\n"
        "001085000001,Lê Thị Hoa,1985-07-07\n"
        '001085000002,"Lê Thị Hoa,1985-07-07\n'
        "001085000003,Lê Thị Hoa,1985-07-07\n"
        '001085000004,"Lê" Thị,1985-07-07\n'
        '001085000005,"Lê Thị Hoa",1985-07-07\n'
    ).encode()
    _, rows = parsing.parse(content, SourceFormat.CSV)
    found = [(r.row_no, r.pin, r.problem) for r in rows]
    assert found == [
        (1, "001085000001", None),
        (2, None, RowProblem.BAD_QUOTE),
        (3, "001085000003", None),
        (4, None, RowProblem.BAD_QUOTE),
        (5, "001085000005", None),
    ]


def test_a_file_read_in_pieces_gives_the_same_rows_as_whole() -> None:
    # Pieces split multi-byte letters, the BOM and line ends: the reader must not care where.
    content = (
        "\ufeffpin,full_name,date_of_birth\r\n" + "001085000001,Lê Thị Hoa,1985-07-07\r\n" * 5
    ).encode()
    reader = parsing.Reader(SourceFormat.CSV)
    rows = [row for i in range(len(content)) for row in reader.feed(content[i : i + 1])]
    rows += reader.finish()
    assert rows == list(parsing.parse(content, SourceFormat.CSV)[1])
    assert [r.full_name for r in rows] == ["Lê Thị Hoa"] * 5


def test_an_endless_line_is_refused_before_it_fills_memory() -> None:
    reader = parsing.Reader(SourceFormat.CSV)
    reader.feed(b"pin,full_name,date_of_birth\n")
    with pytest.raises(DomainError) as raised:
        for _ in range(100):
            reader.feed(b"x" * 4096)
    assert raised.value.problems[0].rule == "reconcile.line_too_long"


@given(
    st.lists(
        st.lists(
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n\x00,'),
                max_size=14,
            ),
            max_size=7,
        ).filter(lambda fields: ",".join(fields).strip() != ""),  # a blank line is no row either way
        min_size=1,
        max_size=6,
    )
)
def test_a_line_without_quotes_reads_as_the_csv_module_reads_it_quoted(records: list[list[str]]) -> None:
    # Plain lines are split on commas without the csv module; every field quoted takes the csv
    # module's path. Both must give the same rows, problems included (column count, blanks, spaces).
    header = "pin,full_name,date_of_birth,sex,permanent_residence_unit\n"
    plain = header + "".join(",".join(r) + "\n" for r in records)
    quoted = header + "".join(",".join(f'"{f}"' for f in r) + "\n" for r in records)
    assert list(parsing.parse(plain.encode(), SourceFormat.CSV)[1]) == list(
        parsing.parse(quoted.encode(), SourceFormat.CSV)[1]
    )
