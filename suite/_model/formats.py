"""Lexical rules of JSON Structure's string-encoded types and of the validation draft's `format`s.

Every predicate is ``(text: str) -> bool``: True when the string is in the lexical space. The
caller checks that the JSON value is a string first. Integer types also have a range step
(`integer_failure`) so a caller can tell a lexical ("format") from a range ("range") failure.

Sources: draft-vasters-json-structure-core, "Extended Primitive Types"; the validation draft,
"`format`" (it names formats but cites no RFC: the definitions below follow the RFCs that JSON
Schema 2020-12 Validation section 7.3 names for the same format names).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

import idna

from .._model.regex import PatternSyntaxError, compile_pattern

# --- integers and decimals (core, "Extended Primitive Types"; RFC 8259 section 6) -----------

#: Inclusive value ranges (core, `int64` .. `uint128`).
INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
    "int128": (-(2**127), 2**127 - 1),
    "uint128": (0, 2**128 - 1),
}
_SIGNED_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # RFC 8259 `[minus] int`
_UNSIGNED_INT = re.compile(r"0|[1-9][0-9]*")  # RFC 8259 `int`: the core's uint64/uint128 syntax
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")  # `[minus] int [frac]`, no exponent
_LONGEST_128 = 40  # digits of 2**128 is 39: anything longer is out of range for every type


def parse_integer_string(text: str, *, signed: bool = True) -> int | None:
    """The value of an RFC 8259 integer string, or None when it is not one.

    `signed=False` is the core's `int` syntax for uint64/uint128 (no minus at all, so "-0" is
    lexically invalid there); signed accepts "-0" (RFC 8259 grammar allows it; value 0).
    No "+", no leading zeros, no whitespace, no fraction, no exponent, ASCII digits only.
    """
    if not (_SIGNED_INT if signed else _UNSIGNED_INT).fullmatch(text):
        return None
    if len(text) > 4000:  # beyond int()'s str-conversion limit; Decimal has none
        return int(Decimal(text))
    return int(text)


def in_integer_range(type_name: str, value: int) -> bool:
    """Whether `value` is in the core's range for `type_name` (a key of INTEGER_RANGES)."""
    low, high = INTEGER_RANGES[type_name]
    return low <= value <= high


def integer_failure(type_name: str, text: str) -> Literal["format", "range"] | None:
    """None when `text` is a valid `type_name` string; else which rule it breaks."""
    signed = not type_name.startswith("u")
    if not (_SIGNED_INT if signed else _UNSIGNED_INT).fullmatch(text):
        return "format"
    if len(text.lstrip("-")) > _LONGEST_128:
        return "range"
    return None if in_integer_range(type_name, int(text)) else "range"


def parse_decimal_string(text: str, *, require_fraction: bool = False) -> Decimal | None:
    """The value of a `decimal` string (`[minus] int [frac]`, RFC 8259 section 6), or None.

    The core's letter is `[minus] int frac`; by default an integer-form string ("1") is
    accepted, since every integer is in the decimal value space (`require_fraction=True` for
    the letter). "1.", ".5", "+1", "01", "1e5", " 1" are never decimals.
    """
    if not _DECIMAL.fullmatch(text) or (require_fraction and "." not in text):
        return None
    return Decimal(text)


#: Core, `decimal`: "Defaults: 34 significant digits and 7 fractional digits".
DECIMAL_DEFAULT_PRECISION = 34
DECIMAL_DEFAULT_SCALE = 7


def decimal_scale(value: Decimal) -> int:
    """Digits right of the point that the value needs: trailing zeros don't count ("1.50" -> 1).

    Core, "The `scale` Keyword": "the number of digits to the right of the decimal point".
    Counted on the value, not the spelling: "1.500" fits a scale-1 column without loss.
    """
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing) if any(digits) else 0


def decimal_precision(value: Decimal) -> int:
    """Significant digits of the value (core, "The `precision` Keyword": "total number of
    significant digits"): leading zeros and trailing fractional zeros don't count, integer
    zeros do ("100" -> 3, "0.05" -> 1, "1.50" -> 2, "0" -> 1)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return 1
    integer_digits = max(0, len(digits) + exponent)
    fraction = decimal_scale(value)
    if integer_digits:
        return integer_digits + fraction
    return len("".join(map(str, digits)).rstrip("0"))


def decimal_fits(
    value: Decimal,
    precision: int = DECIMAL_DEFAULT_PRECISION,
    scale: int = DECIMAL_DEFAULT_SCALE,
) -> bool:
    """Whether the value fits `precision` significant and `scale` fractional digits."""
    return decimal_precision(value) <= precision and decimal_scale(value) <= scale


# --- dates and times (RFC 3339 section 5.6; ABNF strings are case-insensitive, RFC 5234 2.3) --
_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
_TIME = r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
_DATE_RE = re.compile(_DATE)
_TIME_RE = re.compile(_TIME)
_DATETIME_RE = re.compile(_DATE + "[Tt]" + _TIME)


def _date_ok(year: str, month: str, day: str) -> bool:
    """RFC 3339 5.7 and Appendix C: day within the month, Gregorian leap years; year 0000 ok."""
    y, m, d = int(year), int(month), int(day)
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= m <= 12 and 1 <= d <= days[m - 1]


def _time_ok(hh: str, mm: str, ss: str, sign: str | None, oh: str | None, om: str | None) -> bool:
    """RFC 3339 5.6/5.7 field ranges; second 60 only where it is 23:59:60 in UTC.

    RFC 3339 5.7: a leap second happens at the end of a month and "in time zones other than Z,
    the leap second point is shifted by the zone offset". The date is not checked against the
    leap-second table (Appendix D is historical; future ones are announced months ahead).
    """
    h, m, s = int(hh), int(mm), int(ss)
    offset = 0
    if sign is not None and oh is not None and om is not None:
        if int(oh) > 23 or int(om) > 59:
            return False
        offset = (int(oh) * 60 + int(om)) * (1 if sign == "+" else -1)
    if h > 23 or m > 59 or s > 60:
        return False
    return s < 60 or (h * 60 + m - offset) % 1440 == 23 * 60 + 59


def is_date(text: str) -> bool:
    """RFC 3339 `full-date` (core, `date`)."""
    match = _DATE_RE.fullmatch(text)
    return match is not None and _date_ok(*match.groups())


def is_time(text: str) -> bool:
    """RFC 3339 `full-time` = partial-time time-offset (core, `time`): the offset is required."""
    match = _TIME_RE.fullmatch(text)
    return match is not None and _time_ok(*match.groups())


def is_datetime(text: str) -> bool:
    """RFC 3339 `date-time` (core, `datetime`): "T"/"t", "Z"/"z" (5.6 NOTE), offset required.

    The space separator that 5.6 lets "applications" choose is not the ABNF: rejected.
    """
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        return False
    groups = match.groups()
    return _date_ok(*groups[:3]) and _time_ok(*groups[3:])


# RFC 3339 Appendix A, exactly: no fractions; week alone; no skipped units ("P1Y1D" and
# "PT1H1S" are not in the grammar); case-insensitive like every ABNF literal (RFC 5234 2.3).
_D = "[0-9]+"
_DUR_TIME = f"T(?:{_D}H(?:{_D}M(?:{_D}S)?)?|{_D}M(?:{_D}S)?|{_D}S)"
_DUR_DATE = f"(?:{_D}D|{_D}M(?:{_D}D)?|{_D}Y(?:{_D}M(?:{_D}D)?)?)(?:{_DUR_TIME})?"
_DURATION_RE = re.compile(f"P(?:{_DUR_DATE}|{_DUR_TIME}|{_D}W)", re.IGNORECASE)


def is_duration(text: str) -> bool:
    """RFC 3339 Appendix A `duration` (core, `duration`)."""
    return _DURATION_RE.fullmatch(text) is not None


# --- identifiers -------------------------------------------------------------------------
_UUID_RE = re.compile(r"[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}")


def is_uuid(text: str) -> bool:
    """RFC 9562 section 4 string form: 8-4-4-4-12 hex digits, "case insensitive on input".

    No braces, no "urn:uuid:" prefix, no hyphen-less form; any version/variant (Nil and Max
    UUIDs included: the format is the string form, not a generator's output).
    """
    return _UUID_RE.fullmatch(text) is not None


def is_json_pointer(text: str) -> bool:
    """RFC 6901 section 3: `*( "/" reference-token )`, "~" only as "~0" or "~1"."""
    return _POINTER_RE.fullmatch(text) is not None


_POINTER_RE = re.compile(r"(?:/(?:[^~/]|~[01])*)*", re.DOTALL)
_RELATIVE_POINTER_RE = re.compile(r"(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~[01])*)*)", re.DOTALL)


def is_relative_json_pointer(text: str) -> bool:
    """draft-handrews-relative-json-pointer-01 section 3 (the draft JSON Schema 2020-12 cites):
    non-negative-integer then "#" or a JSON Pointer; no index manipulation ("0+1")."""
    return _RELATIVE_POINTER_RE.fullmatch(text) is not None


# --- URIs and IRIs (RFC 3986 Appendix A; RFC 3987 section 2.2) ------------------------------
_UCS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(p * 0x10000)}-{chr(p * 0x10000 + 0xFFFD)}" for p in range(1, 14))
    + "\U000e1000-\U000efffd"
)
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"


def _uri_regex(iri: bool) -> re.Pattern[str]:
    unres = r"A-Za-z0-9._~\-" + (_UCS if iri else "")
    sub, pct = "!$&'()*+,;=", "%[0-9A-Fa-f]{2}"
    pchar = f"(?:[{unres}{sub}:@]|{pct})"
    query = f"(?:[{unres}{sub}:@/?{_PRIVATE if iri else ''}]|{pct})*"
    frag = f"(?:{pchar}|[/?])*"
    host = rf"(?:\[(?P<literal>[^\]]*)\]|(?:[{unres}{sub}]|{pct})*)"
    authority = rf"(?:(?:[{unres}{sub}:]|{pct})*@)?{host}(?::[0-9]*)?"
    segments = f"(?:/{pchar}*)*"
    path = f"(?://{authority}{segments}|/(?:{pchar}+{segments})?|(?P<rootless>{pchar}+{segments})|)"
    scheme = "(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?"
    return re.compile(f"{scheme}{path}(?:\\?{query})?(?:#{frag})?")


_URI_RE, _IRI_RE = _uri_regex(iri=False), _uri_regex(iri=True)
_IPVFUTURE = re.compile(r"[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+")


def _reference(pattern: re.Pattern[str], text: str, absolute: bool) -> bool:
    match = pattern.fullmatch(text)
    if match is None or (absolute and match.group("scheme") is None):
        return False
    rootless = match.group("rootless")
    if match.group("scheme") is None and rootless and ":" in rootless.split("/")[0]:
        return False  # RFC 3986 4.2 path-noscheme: a relative reference's first segment
    literal = match.group("literal")
    return literal is None or _IPVFUTURE.fullmatch(literal) is not None or is_ipv6(literal)


def is_uri_reference(text: str) -> bool:
    """RFC 3986 4.1 `URI-reference` (core, `uri`: "A URI reference, relative or absolute")."""
    return _reference(_URI_RE, text, absolute=False)


def is_absolute_uri(text: str) -> bool:
    """RFC 3986 3 `URI`: a reference with a scheme (core, "$schema Keyword": "MUST be an
    absolute URI")."""
    return _reference(_URI_RE, text, absolute=True)


def is_iri(text: str) -> bool:
    """RFC 3987 2.2 `IRI` (scheme required)."""
    return _reference(_IRI_RE, text, absolute=True)


def is_iri_reference(text: str) -> bool:
    """RFC 3987 2.2 `IRI-reference`."""
    return _reference(_IRI_RE, text, absolute=False)


_VARSPEC = r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*"
_VARSPEC += r"(?::[1-9][0-9]{0,3}|\*)?"
_TEMPLATE_RE = re.compile(
    rf"(?:[!#$&-;=?-\[\]_a-z~{_UCS}{_PRIVATE}]|%[0-9A-Fa-f]{{2}}"
    rf"|\{{[+#./;?&=,!@|]?{_VARSPEC}(?:,{_VARSPEC})*\}})*"
)


def is_uri_template(text: str) -> bool:
    """RFC 6570 section 2 `URI-Template` with verified erratum 6937 (literals `%x26-3B`: the
    apostrophe is a literal, as the RFC's own 3.2.1 example needs); reserved operators pass."""
    return _TEMPLATE_RE.fullmatch(text) is not None


# --- hosts, addresses, mailboxes -------------------------------------------------------------
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def is_hostname(text: str) -> bool:
    """RFC 1123 2.1 / RFC 1034 3.5: LDH labels of 1..63, at most 253 characters, no trailing
    dot; an "xn--" label must be a valid A-label (RFC 5890 2.3.2.1)."""
    if not text or len(text) > 253:
        return False
    for label in text.split("."):
        if not _LABEL.fullmatch(label):
            return False
        if label[:4].lower() == "xn--" and not _idna_ok(label):
            return False
    return True


def _idna_ok(name: str) -> bool:
    """IDNA2008 via `idna`, plus two checks it leaves out: an A-label must re-encode to itself
    (RFC 5891 5.4), and in a Bidi domain name every label obeys the Bidi rule (RFC 5893 2)."""
    try:
        idna.encode(name)
        labels = []
        for original in name.split("."):
            label = original
            if original[:4].lower() == "xn--":
                label = idna.decode(original)
                if idna.encode(label) != original.lower().encode():
                    return False
            labels.append(label)
        if any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in "".join(labels)):
            return all(idna.check_bidi(label, check_ltr=True) for label in labels)
    except (idna.IDNAError, UnicodeError):
        return False
    return True


def is_idn_hostname(text: str) -> bool:
    """RFC 5890/5891 (IDNA2008, via `idna`): U-labels or A-labels; RFC 3490 3.1's ideographic
    full stops separate labels too."""
    name = re.sub("[\u3002\uff0e\uff61]", ".", text)
    return bool(name) and not name.endswith(".") and _idna_ok(name)


def is_ipv4(text: str) -> bool:
    """RFC 2673 3.2 dotted-quad: four decimal octets, ASCII digits, no leading zeros."""
    return text.isascii() and _parses(ipaddress.IPv4Address, text)


def is_ipv6(text: str) -> bool:
    """RFC 4291 2.2 text forms; a zone index ("%eth0", RFC 6874) is not part of the address."""
    return text.isascii() and "%" not in text and _parses(ipaddress.IPv6Address, text)


def _parses(kind: Callable[[str], object], text: str) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


_ATEXT = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~\-"


def _mailbox(text: str, intl: bool) -> bool:
    """RFC 5321 4.1.2 `Mailbox` (RFC 6531 3.3 adds UTF8-non-ascii to atext/qtext and U-labels)."""
    extra = "\u0080-\U0010ffff" if intl else ""
    atom = f"[{_ATEXT}{extra}]+"
    quoted = rf'"(?:[\x20\x21\x23-\x5b\x5d-\x7e{extra}]|\\[\x20-\x7e])*"'
    local, at, domain = text.rpartition("@")
    if not at or not re.fullmatch(f"{atom}(?:\\.{atom})*|{quoted}", local):
        return False
    if len(local.encode(errors="surrogatepass")) > 64:  # RFC 5321 4.5.3.1.1
        return False
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        if literal[:5].lower() == "ipv6:":
            return is_ipv6(literal[5:])
        general = re.fullmatch(r"[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+", literal)
        return is_ipv4(literal) or general is not None
    return is_idn_hostname(domain) if intl and not domain.isascii() else is_hostname(domain)


def is_email(text: str) -> bool:
    """RFC 5321 4.1.2 `Mailbox` (what JSON Schema 2020-12 7.3.2 names for `email`)."""
    return _mailbox(text, intl=False)


def is_idn_email(text: str) -> bool:
    """RFC 6531 3.3 internationalized `Mailbox`."""
    return _mailbox(text, intl=True)


def is_regex(text: str) -> bool:
    """ECMA-262 (u-mode) pattern syntax; constructs valid there but not translatable here
    (PatternUnsupported) count as valid: only a syntax error is provably not a regex."""
    try:
        compile_pattern(text)
    except PatternSyntaxError:
        return False
    except ValueError:
        return True
    return True


# --- binary (core, `binary` and "The `contentEncoding` Keyword"; RFC 4648) ------------------
_B64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_B64URL = re.compile(r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?")
_B32 = re.compile(
    r"(?:[A-Z2-7]{8})*(?:[A-Z2-7]{2}={6}|[A-Z2-7]{4}={4}|[A-Z2-7]{5}={3}"
    r"|[A-Z2-7]{7}=)?"
)
_B32HEX = re.compile(_B32.pattern.replace("A-Z2-7", "0-9A-V"))


def _decodes(pattern: re.Pattern[str], decode: Callable[[str], bytes]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        if pattern.fullmatch(text) is None:
            return False
        try:
            decode(text)
        except (binascii.Error, ValueError):
            return False
        return True

    return check


#: contentEncoding name -> predicate. Padding required (RFC 4648 3.2), no whitespace or other
#: characters outside the alphabet (3.3); base64url padding optional (section 5 notes it may be
#: skipped); base16 case-insensitive (section 8); base32/base32hex upper case as tabled.
ENCODINGS: dict[str, Callable[[str], bool]] = {
    "base64": _decodes(_B64, lambda t: base64.b64decode(t, validate=True)),
    "base64url": _decodes(_B64URL, lambda t: base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))),
    "base16": _decodes(re.compile("(?:[0-9A-Fa-f]{2})*"), lambda t: base64.b16decode(t, True)),
    "base32": _decodes(_B32, base64.b32decode),
    "base32hex": _decodes(_B32HEX, base64.b32hexdecode),
}


def is_binary(text: str, encoding: str = "base64") -> bool:
    """Core, `binary`: base64 unless `contentEncoding` names another RFC 4648 encoding."""
    return ENCODINGS[encoding](text)


def _integer(type_name: str) -> Callable[[str], bool]:
    return lambda text: integer_failure(type_name, text) is None


#: JSON Structure string-encoded type name -> lexical predicate (range included for integers).
LEXICAL: dict[str, Callable[[str], bool]] = {
    **{name: _integer(name) for name in INTEGER_RANGES},
    "decimal": lambda text: parse_decimal_string(text) is not None,
    "date": is_date,
    "datetime": is_datetime,
    "time": is_time,
    "duration": is_duration,
    "uuid": is_uuid,
    "uri": is_uri_reference,
    "jsonpointer": is_json_pointer,
    "binary": is_binary,
}


def lexical_failure(
    type_name: str, text: str, encoding: str = "base64"
) -> Literal["format", "range"] | None:
    """One call for a string-encoded type: None when valid, "range" for an integer string in
    syntax but out of range, else "format". `encoding` is the `contentEncoding` of a `binary`
    (KeyError for a name the core does not list: a structure defect for the lint)."""
    if type_name in INTEGER_RANGES:
        return integer_failure(type_name, text)
    valid = is_binary(text, encoding) if type_name == "binary" else LEXICAL[type_name](text)
    return None if valid else "format"


#: Validation draft `format` name -> predicate (the draft's list, in its order).
FORMATS: dict[str, Callable[[str], bool]] = {
    "ipv4": is_ipv4,
    "ipv6": is_ipv6,
    "email": is_email,
    "idn-email": is_idn_email,
    "hostname": is_hostname,
    "idn-hostname": is_idn_hostname,
    "iri": is_iri,
    "iri-reference": is_iri_reference,
    "uri-template": is_uri_template,
    "relative-json-pointer": is_relative_json_pointer,
    "regex": is_regex,
}
