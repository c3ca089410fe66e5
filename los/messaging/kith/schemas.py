"""Safe parsing and schema validation of KITH messages, with the errors in bokmål.

MsgHead 1.2 carries its documents in RefDoc/Content, declared as xs:any with processContents="strict": a
validator must check each element there against the schema of its own namespace (Dialogmelding 1.0 or 1.1,
AppRec, the base64 container for attachments) and refuse one it has no schema for. We compile one schema
set that imports all of them, so a single pass checks the envelope and every document with their real line
numbers. An AppRec travels on its own (root element AppRec) and is checked against its schema.

Parsing is defensive: no DTD (a KITH message never has one; that also shuts out XXE and entity expansion),
no network, libxml2's size limits on (huge_tree=False) and an upper bound on the input size.
"""

import functools
import re
import threading
from pathlib import Path

from lxml import etree

from . import codes
from .model import MAX_ATTACHMENT_BYTES, MAX_MESSAGE_BYTES, KithError

XSD_DIR = Path(__file__).resolve().parent / "xsd"

_SCHEMA_FILES = {
    codes.MSGHEAD_NS: "MsgHead-v1_2.xsd",
    codes.DIALOG_1_0_NS: "dialogmelding-v1.0.xsd",
    codes.DIALOG_1_1_NS: "dialogmelding-v1.1.xsd",
    codes.APPREC_1_0_NS: "apprec-v1.0.xsd",
    codes.APPREC_1_1_NS: "apprec-v1.1.xsd",
    codes.BASE64_NS: "kith-base64.xsd",
}
# Where a message may start: the namespaces of the root elements we accept.
_ROOTS = {
    f"{{{codes.MSGHEAD_NS}}}MsgHead": "hodemelding",
    f"{{{codes.APPREC_1_0_NS}}}AppRec": "applikasjonskvittering 1.0",
    f"{{{codes.APPREC_1_1_NS}}}AppRec": "applikasjonskvittering 1.1",
}
_lock = threading.Lock()


def _schema_parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


@functools.cache
def _schema_for(namespace: str) -> etree.XMLSchema:
    """The compiled schema of one namespace, loaded once; imports resolve from the package's xsd folder."""
    with _lock:
        path = XSD_DIR / _SCHEMA_FILES[namespace]
        return etree.XMLSchema(etree.parse(str(path), _schema_parser()))


@functools.cache
def _msghead_bundle() -> etree.XMLSchema:
    """MsgHead plus every document schema its strict wildcard may meet, compiled as one schema set."""
    imports = "\n".join(
        f'  <xs:import namespace="{namespace}" schemaLocation="{(XSD_DIR / filename).as_uri()}"/>'
        for namespace, filename in _SCHEMA_FILES.items()
        if namespace not in codes.APPREC_NAMESPACES
    )
    text = f'<xs:schema xmlns:xs="{codes.XS_NS}">\n{imports}\n</xs:schema>'
    with _lock:
        document = etree.fromstring(
            text.encode(), _schema_parser(), base_url=(XSD_DIR / "bundle.xsd").as_uri()
        )
        return etree.XMLSchema(document)


def _message_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=recover,
    )


_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def to_bytes(xml: bytes | str) -> bytes:
    if isinstance(xml, str):
        # A str has been decoded already: its declaration's encoding no longer applies.
        return _DECLARATION.sub("", xml, count=1).encode("utf-8")
    return bytes(xml)


def parse_safely(xml: bytes | str) -> etree._ElementTree:
    """Parse untrusted XML or raise KithError (T01, or X99 for size) with a bokmål explanation."""
    data = to_bytes(xml)
    if len(data) > MAX_MESSAGE_BYTES:
        raise KithError(
            codes.ERROR_OTHER,
            f"Meldingen er {_megabytes(len(data))}; største tillatte størrelse er "
            f"{_megabytes(MAX_MESSAGE_BYTES)}.",
        )
    if not data.strip():
        raise KithError(codes.ERROR_NOT_XML, "Meldingen er tom.")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise KithError(codes.ERROR_NOT_XML, _DTD_REFUSED)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _message_parser()))
    except etree.XMLSyntaxError as error:
        if "Text node too long" in str(error) or "huge" in str(error).lower():
            raise KithError(
                codes.ERROR_OTHER,
                "Meldingen har et vedlegg eller en tekst som er for stor til å leses; største tillatte "
                f"vedlegg er {_megabytes(MAX_ATTACHMENT_BYTES)}.",
            ) from None
        line = error.lineno or 1
        raise KithError(
            codes.ERROR_NOT_XML, f"Meldingen er ikke velformet XML (linje {line}): {error.msg}"
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise KithError(codes.ERROR_NOT_XML, _DTD_REFUSED)
    return tree


_DTD_REFUSED = (
    "Meldingen inneholder en dokumenttypedefinisjon (DOCTYPE/ENTITY). Det brukes aldri i KITH-meldinger og "
    "avvises av sikkerhetshensyn."
)


def parse_leniently(xml: bytes | str) -> etree._Element | None:
    """Best-effort parse of a broken message (recover mode, same protections); None if nothing is left."""
    data = to_bytes(xml)
    if len(data) > MAX_MESSAGE_BYTES or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        return etree.fromstring(data, _message_parser(recover=True))
    except (etree.XMLSyntaxError, ValueError):
        return None


def validate(xml: bytes | str) -> list[str]:
    """Check a MsgHead message (envelope and each document) or an AppRec against the KITH schemas.

    Returns the problems in bokmål, each with its line number; an empty list means valid.
    """
    try:
        tree = parse_safely(xml)
    except KithError as error:
        return [error.text]
    return validate_tree(tree)


def validate_tree(tree: etree._ElementTree) -> list[str]:
    root = tree.getroot()
    kind = _ROOTS.get(root.tag)
    if kind is None:
        return [f"Linje {root.sourceline}: {_unknown_root(root)}"]
    namespace = etree.QName(root).namespace
    schema = _msghead_bundle() if namespace == codes.MSGHEAD_NS else _schema_for(namespace)
    if schema.validate(tree):
        return []
    return [f"Linje {entry.line}: {translate(entry.message)}" for entry in schema.error_log]


def _unknown_root(root: etree._Element) -> str:
    name = etree.QName(root)
    if name.localname in ("MsgHead", "AppRec"):
        return (
            f"Rotelementet «{name.localname}» har navnerommet «{name.namespace or '(ingen)'}», som vi ikke "
            f"støtter. Hodemeldingen skal ha «{codes.MSGHEAD_NS}»; applikasjonskvitteringen "
            f"«{codes.APPREC_1_0_NS}» eller «{codes.APPREC_1_1_NS}»."
        )
    return (
        f"Rotelementet «{name.localname}» er verken en hodemelding (MsgHead) eller en applikasjonskvittering."
    )


# --- libxml2's schema messages, in bokmål ----------------------------------------------------------------
_NAMESPACE_LABELS = {
    codes.MSGHEAD_NS: "hodemelding",
    codes.DIALOG_1_0_NS: "dialogmelding 1.0",
    codes.DIALOG_1_1_NS: "dialogmelding 1.1",
    codes.APPREC_1_0_NS: "applikasjonskvittering 1.0",
    codes.APPREC_1_1_NS: "applikasjonskvittering 1.1",
    codes.BASE64_NS: "base64-vedlegg",
    codes.FELLESKOMPONENT_NS: "felleskomponent",
}
_QNAME = re.compile(r"\{([^}]*)\}([\w.\-]+)")


def _name(text: str) -> str:
    """'{ns}Local' -> 'Local' (what a reader of the message sees)."""
    return _QNAME.sub(lambda m: m.group(2), text.strip())


def _expected(text: str) -> str:
    names = [f"«{_name(part)}»" for part in text.split(",") if part.strip()]
    if len(names) == 1:
        return names[0]
    return "ett av " + ", ".join(names)


def _element(match: re.Match) -> str:
    full = match.group("el")
    found = _QNAME.fullmatch(full)
    label = _NAMESPACE_LABELS.get(found.group(1)) if found else None
    where = f" ({label})" if label else ""
    return f"«{_name(full)}»{where}"


_EL = r"Element '(?P<el>[^']+)'"
_ATTR = _EL + r", attribute '(?P<a>[^']+)'"
_TRANSLATIONS: list[tuple[re.Pattern, object]] = [
    (
        re.compile(_EL + r": This element is not expected\. Expected is (?:one of )?\( (?P<x>.*) \)\."),
        lambda m: f"Elementet {_element(m)} er ikke ventet her; forventet er {_expected(m.group('x'))}.",
    ),
    (
        re.compile(_EL + r": This element is not expected\."),
        lambda m: (
            f"Elementet {_element(m)} er ikke ventet her (feil rekkefølge, eller hører ikke hjemme her)."
        ),
    ),
    (
        re.compile(_EL + r": Missing child element\(s\)\. Expected is (?:one of )?\( (?P<x>.*) \)\."),
        lambda m: f"Elementet {_element(m)} mangler et underelement; forventet er {_expected(m.group('x'))}.",
    ),
    (
        re.compile(
            _EL + r": The (?:actual )?value '(?P<v>.*)' does not match the fixed value constraint '(?P<f>.*)'"
        ),
        lambda m: (
            f"Elementet {_element(m)} har verdien «{m.group('v')}», men standarden krever «{m.group('f')}»."
        ),
    ),
    (
        re.compile(_ATTR + r": \[facet 'pattern'\] The value '(?P<v>.*)' is not accepted by the pattern"),
        lambda m: (
            f"Attributtet «{m.group('a')}» i {_element(m)} har en verdi med feil form: «{m.group('v')}»."
        ),
    ),
    (
        re.compile(_ATTR + r": '(?P<v>.*)' is not a valid value of the (?:atomic|union|list) type"),
        lambda m: f"Attributtet «{m.group('a')}» i {_element(m)} har en ugyldig verdi: «{m.group('v')}».",
    ),
    (
        re.compile(_EL + r": '(?P<v>.*)' is not a valid value of the (?:atomic|union|list) type"),
        lambda m: f"Elementet {_element(m)} har en ugyldig verdi: «{m.group('v')[:80]}».",
    ),
    (
        re.compile(_EL + r": No matching global element declaration available, but demanded by"),
        lambda m: (
            f"Elementet {_element(m)} er ikke et dokument vi har skjema for (ukjent navnerom eller versjon); "
            "innholdet kan derfor ikke kontrolleres."
        ),
    ),
    (
        re.compile(_EL + r": No matching global declaration available for the validation root"),
        lambda m: f"Rotelementet {_element(m)} er ikke kjent i skjemaet.",
    ),
    (
        re.compile(_ATTR + r": The attribute '[^']+' is not allowed\."),
        lambda m: f"Attributtet «{_name(m.group('a'))}» er ikke tillatt i {_element(m)}.",
    ),
    (
        re.compile(_EL + r": The attribute '(?P<a>[^']+)' is required but missing\."),
        lambda m: f"Elementet {_element(m)} mangler det påkrevde attributtet «{m.group('a')}».",
    ),
    (
        re.compile(_EL + r": Character content other than whitespace is not allowed"),
        lambda m: f"Elementet {_element(m)} kan ikke inneholde tekst direkte.",
    ),
    (
        re.compile(_EL + r": Element content is not allowed"),
        lambda m: f"Elementet {_element(m)} kan bare inneholde tekst, ikke andre elementer.",
    ),
]


def translate(message: str) -> str:
    """One libxml2 schema error in bokmål; an unknown kind keeps libxml2's words after a bokmål lead."""
    for pattern, render in _TRANSLATIONS:
        match = pattern.search(message)
        if match:
            return render(match)
    return f"Skjemafeil: {_name(message)}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
