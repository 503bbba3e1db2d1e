"""Reading untrusted XML safely and validating it against the schema kept in ``schema/``.

Messages come from other systems: the parser loads no DTD, resolves no entity, never touches the
network and refuses huge trees, and any message with a DOCTYPE is refused outright (that is where
XXE and "billion laughs" live; a citizen message never needs one). Every failure is a 422 naming
the element (an XPath), the line and the broken rule.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

from dancu.errors import DomainError, FieldProblem
from dancu.sharing.qcvn109 import mapping

MAX_BYTES = 5_000_000  # 1,000 citizens at ~4 kB each, with room


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def refused(rule: str, *, field: str = "/", **params: object) -> DomainError:
    return DomainError(
        "qcvn109.invalid_message", status=422, problems=[FieldProblem(field, f"qcvn109.{rule}", dict(params))]
    )


def parse(data: bytes) -> etree._ElementTree:
    """The message as a tree, or a 422: empty, too big, not well-formed, or carrying a DOCTYPE."""
    if not data.strip():
        raise refused("empty")
    if len(data) > MAX_BYTES:
        raise refused("too_large", limit=MAX_BYTES)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 0
        raise refused("not_well_formed", line=line, detail=str(exc.msg)[:200]) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise refused("doctype_forbidden", line=1)
    return tree


@cache
def schema() -> etree.XMLSchema:
    # The schema files are ours (trusted); includes are resolved next to them on disk.
    return etree.XMLSchema(etree.parse(str(mapping.MESSAGE_SCHEMA)))


def readable_path(element: etree._Element) -> str:
    """/ThongDiep/NoiDung/CongDan[1]/GioiTinh: local names (lxml writes ``*`` for a default
    namespace), with a position only where an element has same-named siblings."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        step = name
        if parent is not None:
            same = [c for c in parent if isinstance(c.tag, str) and etree.QName(c).localname == name]
            if len(same) > 1:
                step = f"{name}[{same.index(node) + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))


def _xpath(tree: etree._ElementTree, error: etree._LogEntry) -> str:
    try:
        found = tree.xpath(error.path) if error.path else []
    except etree.XPathError:
        found = []
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return readable_path(found[0])
    return error.path or "/"


def validate(tree: etree._ElementTree) -> None:
    """Schema validation; the first errors (at most 20) name their element, line and rule."""
    checker = schema()
    if checker.validate(tree):
        return
    problems = [
        FieldProblem(
            _xpath(tree, error),
            "qcvn109.schema",
            {"line": error.line, "detail": str(error.message)[:300]},
        )
        for error in list(checker.error_log)[:20]
    ]
    raise DomainError("qcvn109.invalid_message", status=422, problems=problems)


def parse_and_validate(data: bytes) -> etree._ElementTree:
    tree = parse(data)
    validate(tree)
    return tree
