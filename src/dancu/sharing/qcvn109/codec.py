"""Between the register's item values and ``CongDan`` elements, walking :mod:`.mapping` only.

Pure (no database): export takes a record view; reading gives the values the message carries,
still without the register's internal references (relatives' and households' row ids), which
:mod:`dancu.sharing.qcvn109.actions` resolves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from dancu.enums.registry import Item
from dancu.errors import DomainError, FieldProblem
from dancu.registry import items as item_values
from dancu.registry.catalogue import AttributeType, attributes
from dancu.registry.history import RecordView
from dancu.sharing.qcvn109 import mapping
from dancu.sharing.qcvn109.mapping import Child, ItemSpec, Shape
from dancu.sharing.qcvn109.xmlio import refused

NS = mapping.NAMESPACE


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


# ---------------------------------------------------------------- export


def _text(parent: etree._Element, name: str, value: str) -> None:
    etree.SubElement(parent, _q(name)).text = value


def _child_text(child: Child, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):  # xs:boolean spelling, for DaXacThuc and boolean item-26 values
        return "true" if value else "false"
    if child.codes is not None:
        return child.codes[str(value)]
    return str(value)


def _struct(parent: etree._Element, spec: ItemSpec, value: dict[str, Any], key: str | None) -> None:
    element = etree.SubElement(parent, _q(spec.element))
    if spec.key_element is not None and key is not None:
        _text(element, spec.key_element, key)
    for child in spec.children:
        text = _child_text(child, value.get(child.key))
        if text is not None:
            _text(element, child.element, text)


def _item(parent: etree._Element, spec: ItemSpec, view: RecordView) -> None:
    if spec.shape is Shape.KEYED:
        for key, value in sorted(view.entries(spec.item).items()):
            _struct(parent, spec, value, key)
        return
    value = view.get(spec.item)
    if value is None or value == [] or value == "":
        return
    if spec.shape is Shape.TEXT:
        _text(parent, spec.element, spec.codes[str(value)] if spec.codes else str(value))
    elif spec.shape is Shape.LIST:
        for entry in value:
            _text(parent, spec.element, str(entry))
    else:
        _struct(parent, spec, value, None)


def citizen_element(view: RecordView) -> etree._Element:
    """``CongDan`` for one record: every item the record holds, extension items under ``MoRong``."""
    element = etree.Element(_q(mapping.CITIZEN), nsmap={None: NS})
    extension = etree.Element(_q(mapping.EXTENSION))
    for spec in mapping.SPECS:
        _item(extension if spec.extension else element, spec, view)
    if len(extension):
        element.append(extension)
    return element


def message(views: list[RecordView], *, recipient: str | None = None, sent_at: dt.datetime) -> bytes:
    """A whole message (envelope + citizens), UTF-8 with an XML declaration."""
    root = etree.Element(_q(mapping.MESSAGE), nsmap={None: NS})
    header = etree.SubElement(root, _q(mapping.HEADER))
    _text(header, mapping.MESSAGE_ID, str(uuid.uuid4()))
    _text(header, mapping.KIND, mapping.MESSAGE_KIND)
    _text(header, mapping.VERSION_ELEMENT, mapping.VERSION)
    _text(header, mapping.SENDER_ELEMENT, mapping.SENDER)
    if recipient:
        _text(header, mapping.RECIPIENT, recipient)
    _text(header, mapping.SENT_AT, sent_at.isoformat())
    body = etree.SubElement(root, _q(mapping.BODY))
    for view in views:
        body.append(citizen_element(view))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# ---------------------------------------------------------------- import


@dataclass
class MessageCitizen:
    """What one ``CongDan`` says, as register values (normalised by the register's own validators).

    ``keyed`` entries carry no key yet: relation keys need the relative's row id. ``paths`` gives the
    XPath of each item (and of each keyed entry, as "item[i]") for error messages.
    """

    path: str
    single: dict[Item, Any] = field(default_factory=dict)
    keyed: dict[Item, list[tuple[str | None, dict[str, Any]]]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)


def _decode(child: Child, text: str, path: str) -> Any:
    if child.kind == "bool":
        return text in ("true", "1")
    if child.codes is not None:
        for value, code in child.codes.items():
            if code == text:
                return value
        raise refused("unknown_code", field=path, code=text)
    return text


def _read_struct(element: etree._Element, spec: ItemSpec, path: str) -> tuple[str | None, dict[str, Any]]:
    by_name = {etree.QName(c).localname: (c.text or "").strip() for c in element}
    value: dict[str, Any] = {}
    for child in spec.children:
        text = by_name.get(child.element)
        if text is not None and text != "":
            value[child.key] = _decode(child, text, f"{path}/{child.element}")
    key = by_name.get(spec.key_element) if spec.key_element else None
    return key, value


def _typed_extra(key: str | None, value: dict[str, Any], path: str) -> dict[str, Any]:
    """Item 26 values are text in the message; the catalogue says which type the register keeps."""
    attribute = attributes().get(key or "")
    if attribute is None:
        raise refused("unknown_attribute", field=f"{path}/Ma", code=key or "")
    raw = str(value.get("value", ""))
    if attribute.type is AttributeType.BOOLEAN:
        if raw not in ("true", "false"):
            raise refused("extra_type", field=f"{path}/GiaTri", type=attribute.type.value)
        return value | {"value": raw == "true"}
    if attribute.type is AttributeType.INTEGER:
        if not raw.lstrip("-").isdigit() or len(raw) > 18:
            raise refused("extra_type", field=f"{path}/GiaTri", type=attribute.type.value)
        return value | {"value": int(raw)}
    return value


def _checked(item: Item, value: Any, path: str) -> Any:
    """The register's own validation (code lists included); its problems are renamed to the XPath."""
    try:
        return item_values.validate(item, value)
    except DomainError as exc:
        problems = [FieldProblem(f"{path} ({p.field})", p.rule, p.params) for p in exc.problems]
        raise DomainError("qcvn109.invalid_message", status=422, problems=problems) from None


def _without_refs(item: Item, value: dict[str, Any]) -> dict[str, Any]:
    # Household and relative row ids are internal; the actions resolve them again.
    if item is Item.HOUSEHOLD:
        return value | {"household_id": 0}
    return value


def read_citizen(element: etree._Element, path: str) -> MessageCitizen:
    result = MessageCitizen(path=path)
    containers = [element, *element.iterfind(_q(mapping.EXTENSION))]
    for spec in mapping.SPECS:
        container = containers[1] if spec.extension and len(containers) > 1 else element
        if spec.extension and len(containers) == 1:
            continue
        prefix = f"{path}/{mapping.EXTENSION}" if spec.extension else path
        found = list(container.iterfind(_q(spec.element)))
        if not found:
            continue
        item_path = f"{prefix}/{spec.element}"
        result.paths[spec.item.value] = item_path
        if spec.shape is Shape.KEYED:
            entries = []
            for index, entry in enumerate(found, start=1):
                entry_path = f"{item_path}[{index}]"
                key, value = _read_struct(entry, spec, entry_path)
                if spec.item is Item.EXTRA:
                    value = _typed_extra(key, value, entry_path)
                    key = str(key)
                entries.append((key, _checked(spec.item, value, entry_path)))
                result.paths[f"{spec.item.value}[{index - 1}]"] = entry_path
            result.keyed[spec.item] = entries
            continue
        value = _single(spec, found, item_path)
        checked = _checked(
            spec.item, _without_refs(spec.item, value) if isinstance(value, dict) else value, item_path
        )
        result.single[spec.item] = checked
    return result


def _single(spec: ItemSpec, found: list[etree._Element], path: str) -> Any:
    if spec.shape is Shape.LIST:
        return [(e.text or "").strip() for e in found]
    if spec.shape is Shape.STRUCT:
        return _read_struct(found[0], spec, path)[1]
    text = (found[0].text or "").strip()
    if spec.codes is not None:
        return _decode(Child(spec.item.value, spec.element, codes=spec.codes), text, path)
    return text


def read_message(tree: etree._ElementTree) -> list[MessageCitizen]:
    """Every citizen of a (schema-valid) message, in order."""
    body = tree.getroot().find(_q(mapping.BODY))
    if body is None:
        raise refused("schema", field=f"/{mapping.MESSAGE}")
    citizens = body.findall(_q(mapping.CITIZEN))
    return [
        read_citizen(c, f"/{mapping.MESSAGE}/{mapping.BODY}/{mapping.CITIZEN}[{i}]")
        for i, c in enumerate(citizens, start=1)
    ]
