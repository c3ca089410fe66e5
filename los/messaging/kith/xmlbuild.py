"""Small helpers for writing KITH XML with lxml: elements, coded values, and text XML 1.0 can carry.

XML 1.0 allows tab, line feed and carriage return but no other control character (nor U+FFFE/U+FFFF or
lone surrogates), in text or attributes, escaped or not. A person's text may still contain one (pasted from
somewhere), so every string is checked here and refused with a KithError that says where.
"""

import re

from lxml import etree

from . import codes
from .model import KithError

_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_FIELD_LABELS = {
    "TekstNotatInnhold": "Meldingsteksten",
    "Sporsmal": "Meldingsteksten",
    "Tema": "Emnet",
    "EmneSporsmal": "Emnet",
    "OrganisationName": "Et navn på virksomhet eller tjeneste",
    "GivenName": "Et fornavn",
    "FamilyName": "Et etternavn",
    "Name": "Et navn",
    "Description": "Et filnavn",
    "ContentDescription": "En vedleggsbeskrivelse",
}


def check_text(value: str, where: str) -> str:
    """Return `value` if XML 1.0 can carry it; raise KithError (T99) naming the field and character."""
    found = _NOT_XML_CHAR.search(value)
    if found:
        label = _FIELD_LABELS.get(where, f"Feltet «{where}»")
        char = found.group()
        raise KithError(
            codes.ERROR_OTHER_FORMAT,
            f"{label} inneholder et tegn som ikke kan sendes i en melding (U+{ord(char):04X}, tegn nummer "
            f"{found.start() + 1}). Fjern det og prøv igjen.",
        )
    return value


def sub(
    parent: etree._Element, namespace: str, name: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace}}}{name}")
    for key, value in attrs.items():
        if value is not None:
            element.set(key, check_text(str(value), name))
    if text is not None:
        element.text = check_text(text, name)
    return element


def coded(parent: etree._Element, namespace: str, name: str, code: codes.Code, with_system: bool = True):
    """A CV (V, S, DN) or, with with_system=False, a CS (V, DN)."""
    attrs = {"V": code.value, "DN": code.name}
    if with_system and code.system:
        attrs["S"] = code.system
    return sub(parent, namespace, name, **attrs)


def to_xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
