"""Boundary tests for _formats and _regex: just valid, just invalid, from the RFCs and drafts."""

from __future__ import annotations

import contextlib
import time
from decimal import Decimal

import pytest
from neptune_ml_conformance._model import formats as F
from neptune_ml_conformance._model import regex as R


def _cases(valid: list[str], invalid: list[str]) -> list[tuple[str, bool]]:
    return [(text, True) for text in valid] + [(text, False) for text in invalid]


# --- integers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("type_name", "text", "failure"),
    [
        ("int64", str(2**63 - 1), None),
        ("int64", str(2**63), "range"),
        ("int64", str(-(2**63)), None),
        ("int64", str(-(2**63) - 1), "range"),
        ("uint64", str(2**64 - 1), None),
        ("uint64", str(2**64), "range"),
        ("uint64", "0", None),
        ("uint64", "-1", "format"),  # core: uint64 syntax is `int`, no minus
        ("uint64", "-0", "format"),
        ("int64", "-0", None),  # RFC 8259 grammar allows -0; its value 0 is in range
        ("int128", str(2**127 - 1), None),
        ("int128", str(2**127), "range"),
        ("int128", str(-(2**127)), None),
        ("int128", str(-(2**127) - 1), "range"),
        ("uint128", str(2**128 - 1), None),
        ("uint128", str(2**128), "range"),
        ("uint128", "9" * 5000, "range"),
        ("int64", "007", "format"),
        ("int64", "+5", "format"),
        ("int64", "1e5", "format"),
        ("int64", " 1", "format"),
        ("int64", "1 ", "format"),
        ("int64", "1.0", "format"),
        ("int64", "", "format"),
        ("int64", "-", "format"),
        ("int64", "\u0661", "format"),  # ARABIC-INDIC DIGIT ONE: int() would take it
        ("int64", "1\n", "format"),
    ],
)
def test_integer_strings(type_name: str, text: str, failure: str | None) -> None:
    assert F.integer_failure(type_name, text) == failure
    assert F.LEXICAL[type_name](text) is (failure is None)


def test_parse_integer_string() -> None:
    assert F.parse_integer_string("-0") == 0
    assert F.parse_integer_string("-0", signed=False) is None
    assert F.parse_integer_string("007") is None
    assert F.parse_integer_string(str(2**200)) == 2**200  # lexical only: range is separate
    assert F.parse_integer_string("1" * 5000) == int("1" * 50) * 0 + int(Decimal("1" * 5000))


# --- decimal -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "ok"),
    _cases(
        ["0", "1", "-1", "1.50", "-0.0", "0.05", "123456789012345678901234567890.5"],
        ["1.", ".5", "1e5", "1E5", "+1", "01.5", "-", " 1", "1,5", "NaN", "Infinity", ""],
    ),
)
def test_decimal_lexical(text: str, ok: bool) -> None:
    assert (F.parse_decimal_string(text) is not None) is ok
    assert F.LEXICAL["decimal"](text) is ok


def test_decimal_letter_requires_fraction() -> None:
    assert F.parse_decimal_string("1", require_fraction=True) is None
    assert F.parse_decimal_string("1.0", require_fraction=True) == Decimal("1.0")


@pytest.mark.parametrize(
    ("text", "precision", "scale"),
    [
        ("1.50", 2, 1),
        ("100", 3, 0),
        ("0.05", 1, 2),
        ("0", 1, 0),
        ("-0.00", 1, 0),
        ("10.0", 2, 0),
        ("123.456", 6, 3),
        ("-0.0010", 1, 3),
    ],
)
def test_precision_and_scale(text: str, precision: int, scale: int) -> None:
    value = Decimal(text)
    assert (F.decimal_precision(value), F.decimal_scale(value)) == (precision, scale)


def test_decimal_fits_defaults() -> None:
    assert F.decimal_fits(Decimal("0.1234567"))
    assert not F.decimal_fits(Decimal("0.12345678"))  # 8 fractional digits > default 7
    assert F.decimal_fits(Decimal("9" * 34))
    assert not F.decimal_fits(Decimal("9" * 35))
    assert F.decimal_fits(Decimal("12.34"), precision=4, scale=2)
    assert not F.decimal_fits(Decimal("123.4"), precision=3, scale=1)


# --- dates and times -----------------------------------------------------------------------
DATES = _cases(
    ["2024-02-29", "2000-02-29", "0000-01-01", "1985-04-12", "2023-12-31"],
    ["2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
     "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01T00:00:00Z", "\u0662024-01-01"],
)  # fmt: skip


@pytest.mark.parametrize(("text", "ok"), DATES)
def test_date(text: str, ok: bool) -> None:
    assert F.is_date(text) is ok


DATETIMES = _cases(
    [
        "1985-04-12T23:20:50.52Z",  # RFC 3339 5.8 examples
        "1996-12-19T16:39:57-08:00",
        "1990-12-31T23:59:60Z",
        "1990-12-31T15:59:60-08:00",
        "1937-01-01T12:00:27.87+00:20",
        "2024-01-01t00:00:00z",  # 5.6 NOTE: lower-case t and z
        "2024-01-01T05:30:00+05:30",
        "2024-01-01T00:00:00-00:00",  # 4.3: unknown local offset
        "2024-02-29T00:00:00Z",
        "2024-01-01T00:00:00.123456789Z",
        "1998-12-31T23:59:60Z",
        "1999-01-01T05:29:60+05:30",  # 23:59:60 UTC shifted by the offset
    ],
    [
        "2024-01-01T00:00:00",  # offset required
        "2024-01-01 00:00:00Z",  # space separator is not the ABNF
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:61Z",
        "1998-12-31T23:58:60Z",  # leap second not at 23:59 UTC
        "1998-12-31T22:59:60Z",
        "1998-12-31T23:59:60+01:00",  # that is 22:59:60 UTC
        "2023-02-29T00:00:00Z",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+05:60",
        "2024-01-01T00:00:00+0530",
        "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00Z",
        "2024-01-01T00:00:00Z\n",
    ],
)


@pytest.mark.parametrize(("text", "ok"), DATETIMES)
def test_datetime(text: str, ok: bool) -> None:
    assert F.is_datetime(text) is ok


TIMES = _cases(
    ["23:20:50.52Z", "16:39:57-08:00", "23:59:60Z", "15:59:60-08:00", "00:00:00z"],
    ["23:20:50", "23:20:50.52", "24:00:00Z", "12:00:60Z", "1:00:00Z", "12:00:00+5:00"],
)


@pytest.mark.parametrize(("text", "ok"), TIMES)
def test_time_is_full_time(text: str, ok: bool) -> None:
    assert F.is_time(text) is ok


DURATIONS = _cases(
    ["P1Y2M3DT4H5M6S", "P4W", "P1D", "PT1S", "P1M", "PT36H", "P1Y", "P0D", "p1d", "P1YT1H"],
    ["P", "PT", "P1", "1D", "P1W1D", "P1Y1D", "PT1H1S", "P1D2M", "PT1.5S", "P-1D", "P1DT",
     "P 1D", "PT1S ", "P1M1Y"],
)  # fmt: skip


@pytest.mark.parametrize(("text", "ok"), DURATIONS)
def test_duration_is_rfc3339_appendix_a(text: str, ok: bool) -> None:
    assert F.is_duration(text) is ok


# --- identifiers ---------------------------------------------------------------------------
UUIDS = _cases(
    ["f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6",
     "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
    ["f81d4fae7dec11d0a76500a0c91e6bf6", "{f81d4fae-7dec-11d0-a765-00a0c91e6bf6}",
     "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "f81d4fae-7dec-11d0-a765-00a0c91e6bf",
     "g81d4fae-7dec-11d0-a765-00a0c91e6bf6", "f81d4fae-7dec-11d0a765-00a0c91e6bf6-"],
)  # fmt: skip


@pytest.mark.parametrize(("text", "ok"), UUIDS)
def test_uuid(text: str, ok: bool) -> None:
    assert F.is_uuid(text) is ok


POINTERS = _cases(
    ["", "/", "/a~1b", "/m~0n", "/foo/0", "/ ", "/c%d", "/e^f", "/k\"l", "/\u00e9", "//"],
    ["a", "/~2", "/~", "/a~", "#/a", "0"],
)  # fmt: skip


@pytest.mark.parametrize(("text", "ok"), POINTERS)
def test_json_pointer(text: str, ok: bool) -> None:
    assert F.is_json_pointer(text) is ok


URIS = _cases(
    [
        "http://www.ietf.org/rfc/rfc2396.txt",  # RFC 3986 1.1.2
        "ftp://ftp.is.co.za/rfc/rfc1808.txt",
        "ldap://[2001:db8::7]/c=GB?objectClass?one",
        "mailto:John.Doe@example.com",
        "news:comp.infosystems.www.servers.unix",
        "tel:+1-816-555-1212",
        "telnet://192.0.2.16:80/",
        "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
        "g;x?y#s",  # RFC 3986 5.4 relative references
        "../../g",
        "//g",
        "?y",
        "#s",
        "",
        ".",
        "a/b:c",
        "http://[v7.fe80::1]/",
        "http://example.com/%20",
    ],
    [
        "http://example.com/a b",
        "a:b c",
        "1a:b",  # 4.2: a relative reference's first segment cannot hold ":"
        "http://[::1%eth0]/",
        "http://[zz]/",
        "http://example.com/%2",
        "http://\u00e9.example/",
        "\\\\server\\share",
        "http://example.com/<>",
    ],
)


@pytest.mark.parametrize(("text", "ok"), URIS)
def test_uri_is_uri_reference(text: str, ok: bool) -> None:
    assert F.is_uri_reference(text) is ok
    assert F.LEXICAL["uri"](text) is ok


# --- binary --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "text", "ok"),
    [
        ("base64", "", True),  # RFC 4648 10 test vectors
        ("base64", "Zg==", True),
        ("base64", "Zm8=", True),
        ("base64", "Zm9vYmFy", True),
        ("base64", "Zg", False),  # 3.2: padding required
        ("base64", "Zm9v YmFy", False),  # 3.3: no characters outside the alphabet
        ("base64", "Zm9v\nYmFy", False),
        ("base64", "Zg==Zg==", False),
        ("base64", "Zm9-", False),
        ("base64", "Z===", False),
        ("base64url", "Zm9-", True),
        ("base64url", "Zg", True),  # 5: padding may be skipped
        ("base64url", "Zg==", True),
        ("base64url", "Zm9+", False),
        ("base16", "666F6F", True),
        ("base16", "666f6f", True),  # 8: case-insensitive hex
        ("base16", "666F6", False),
        ("base32", "MZXW6===", True),
        ("base32", "MZXW6", False),
        ("base32", "mzxw6===", False),
        ("base32hex", "CPNMU===", True),
        ("base32hex", "CPNMW===", False),
    ],
)
def test_binary_encodings(encoding: str, text: str, ok: bool) -> None:
    assert F.is_binary(text, encoding) is ok


@pytest.mark.parametrize(
    ("type_name", "text", "encoding", "failure"),
    [
        ("int64", "9223372036854775808", "base64", "range"),
        ("uint64", "-1", "base64", "format"),
        ("decimal", "1.5", "base64", None),
        ("binary", "Zg", "base64", "format"),
        ("binary", "Zg", "base64url", None),
        ("time", "23:20:50", "base64", "format"),
        ("uri", "../a", "base64", None),
    ],
)
def test_lexical_failure(type_name: str, text: str, encoding: str, failure: str | None) -> None:
    assert F.lexical_failure(type_name, text, encoding) == failure


def test_binary_defaults_to_base64() -> None:
    assert F.LEXICAL["binary"]("Zm9vYg==")
    assert not F.LEXICAL["binary"]("Zm9vYg")


# --- formats -------------------------------------------------------------------------------
FORMAT_CASES = {
    "ipv4": (["192.168.0.1", "0.0.0.0", "255.255.255.255"],
             ["256.0.0.1", "192.168.0", "192.168.00.1", "\u0661.1.1.1", "1.1.1.1\n", ""]),
    "ipv6": (["::1", "::", "2001:db8::7", "::ffff:192.0.2.1", "FE80::1"],
             ["::1%eth0", "1:2:3:4:5:6:7:8:9", "12345::", ":::", "::\u0661", "1.1.1.1"]),
    "email": (["joe@example.com", "a.b+c@example.co.uk", '"a b"@example.com',
               "x@[192.0.2.1]", "x@[IPv6:2001:db8::1]", "te~st@example.com"],
              ["joe", "@example.com", "joe@", ".joe@example.com", "jo..e@example.com",
               "joe.@example.com", "j\u00f6e@example.com", "joe@-example.com",
               "joe@example..com", "x" * 65 + "@example.com"]),
    "idn-email": (["j\u00f6e@example.com", "\u5b9f\u4f8b@\u5b9f\u4f8b.\u30c6\u30b9\u30c8",
                   "joe@example.com"],
                  ["joe", "j\u00f6e@", "a@b@c"]),
    "hostname": (["example.com", "a", "1host", "xn--mnchen-3ya.de", "a-b.c",
                  "a" * 63 + ".com", ("a" * 62 + ".") * 4 + "a"],
                 ["", "-a.com", "a-.com", "a_b.com", "a..b", ".", "example.com.",
                  "a" * 64 + ".com", ("a" * 62 + ".") * 4 + "ab", "xn--X", "m\u00fcnchen.de"]),
    "idn-hostname": (["m\u00fcnchen.de", "\u5b9f\u4f8b.\u30c6\u30b9\u30c8", "example.com",
                      "a\u3002b"],
                     ["", "-a.com", "a..b", "example.com.", "xn--X", "a_b",
                      "xn---9uc",  # RFC 5891 5.4: must re-encode to itself
                      "0a.\u05d0",  # RFC 5893 2: Bidi rule on every label
                      "cafe\u0301.com"]),  # RFC 5890 2.3.2.1: U-labels are NFC
    "iri": (["http://\u00e9.example/\u00e9?q=\U000f0000#f", "urn:isbn:0451450523"],
            ["/relative", "http://example.com/a b", "\u00e9:x"]),
    "iri-reference": (["/caf\u00e9", "#\u00e9", "", "http://\u00e9.example/"],
                      ["http://example.com/a b", "\u00e9\u00e9:x", "/a\U000f0000"]),
    "uri-template": (["http://example.com/{term:1}/{term}", "{+path}/here", "{/x,y*}",
                      "{?q,lang}", "plain", "{x.y}", "{%20}", "a'b"],
                     ["http://example.com/{term", "{}", "{x:0}", "{x:10000}", "{a b}",
                      "{x*:1}", "a}b", "{.}", "a b"]),
    "relative-json-pointer": (["0", "1/a~1b", "0#", "12/", "0/"],
                              ["", "/a", "-1/a", "01/a", "0##", "1/~2", "0+1/a"]),
    "regex": (["^[A-Z][a-z]+$", "(?<y>\\d{4})", "a{2,3}?", "\\p{Lu}", ""],
              ["[", "a{,3}", "(?i)a", "\\a", "(?P<n>a)", "a**", "\\1", "[b-a]"]),
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "ok"),
    [
        (name, text, ok)
        for name, (valid, invalid) in FORMAT_CASES.items()
        for text, ok in _cases(valid, invalid)
    ],
)
def test_format(name: str, text: str, ok: bool) -> None:
    assert F.FORMATS[name](text) is ok


def test_format_names_are_the_validation_drafts() -> None:
    assert list(F.FORMATS) == list(FORMAT_CASES)


def test_lexical_covers_every_string_encoded_type() -> None:
    assert set(F.LEXICAL) == {
        "int64", "uint64", "int128", "uint128", "decimal", "date", "datetime", "time",
        "duration", "uuid", "uri", "jsonpointer", "binary",
    }  # fmt: skip


# --- pattern -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "text", "ok"),
    [
        ("b", "abc", False),  # entire value must conform
        ("b", "b", True),
        ("^[A-Z][a-z]+$", "Hello", True),  # the validation draft's example
        ("^[A-Z][a-z]+$", "hello", False),
        ("\\d+", "123", True),
        ("\\d+", "\u0661\u0662", False),  # ECMA \d is ASCII
        ("\\w+", "caf\u00e9", False),
        ("\\s", "\ufeff", True),  # ECMA WhiteSpace includes ZWNBSP; Python's \s doesn't
        ("\\s", "\x85", False),  # Python's \s includes NEL; ECMA's doesn't
        ("^a$", "a\n", False),
        ("a$", "a", True),
        (".", "\r", False),
        (".", "\U0001f600", True),  # u-mode: one code point
        ("[^]", "\n", True),
        ("[]", "a", False),
        ("\\cJ", "\n", True),
        ("\\u{1F600}", "\U0001f600", True),
        ("\\uD83D\\uDE00", "\U0001f600", True),
        ("\\x41\\u0042\\0", "AB\x00", True),
        ("(?<y>\\d{4})-\\k<y>", "2020-2020", True),
        ("(?<y>\\d{4})-\\k<y>", "2020-2021", False),
        ("(a)|b\\1", "b", True),  # ECMA: unset group matches empty
        ("\\1(a)", "a", True),  # forward reference matches empty
        ("[\\d.]+", "1.5", True),
        ("[\\D]", "5", False),
        ("[\\S]", "\u3000", False),
        ("[a\\-z]+", "-az", True),
        ("[\\b]", "\x08", True),
        ("a\\b", "a", True),
        ("\\p{Lu}\\P{Lu}", "Ab", True),
        ("(?<=a)b|ab", "ab", True),
        ("\\/", "/", True),
        ("[\\p{Lu}\\d]+", "A1", True),
        ("[^\\p{Lu}]", "A", False),
        ("[^\\d\\s]", "x", True),
        ("[^\\d\\s]", "\u00a0", False),
        ("[\\u{1F600}-\\u{1F64F}]", "\U0001f601", True),
        ("[a-]", "-", True),
        ("\\p{Lu}", "\u00c9", True),  # properties are not confined to ASCII
        ("[\\p{L}]+", "h\u00e9llo", True),
        ("\\p{Script=Greek}", "\u03b1", True),
        ("\\b\u00e9", "\u00e9", False),  # ECMA \b: ASCII word characters only
        ("a\\b", "a", True),
        ("a\\Bb", "ab", True),
        ("a\\bb", "ab", False),
        ("\u00e9\\B", "\u00e9", True),
        ("[\\^]", "^", True),
        ("(?:ab)*", "ababab", True),
        ("a{2}", "aa", True),
        ("a{2,}?", "aaa", True),
        ("a|ab", "ab", True),  # entire value: any alternative may span it (as ^(?:a|ab)$)
        ("a*?", "aaa", True),
    ],
)
def test_pattern_fullmatch(source: str, text: str, ok: bool) -> None:
    assert R.fullmatch(R.compile_pattern(source), text) is ok


def test_search_is_unanchored() -> None:
    assert R.search(R.compile_pattern("b"), "abc")
    assert R.search(R.compile_pattern("^[A-Z]"), "Abc")
    assert not R.search(R.compile_pattern("^[A-Z]"), "aBc")


@pytest.mark.parametrize(
    "source",
    ["a{,3}", "a**", "(?i)a", "\\a", "]", "{", "a{2,1}", "(?P<n>a)", "\\Z", "\\A", "(?<1a>x)",
     "\\2(a)", "[b-a]", "[\\d-z]", "(", ")", "[a", "\\", "(?<n>a)(?<n>b)", "\\k<m>(?<n>a)",
     "\\c1", "\\x4", "\\u{110000}", "(?=a)*", "\\-", "\\01", "a++", "(?>a)", "(?#c)"],
)  # fmt: skip
def test_pattern_syntax_errors(source: str) -> None:
    with pytest.raises(R.PatternSyntaxError):
        R.compile_pattern(source)
    assert R.differences(source)


def test_long_pattern_is_refused_quickly() -> None:
    start = time.perf_counter()
    with pytest.raises(R.PatternUnsupported):
        R.compile_pattern("a." * 25_000)
    assert time.perf_counter() - start < 0.5


def test_compile_is_cached() -> None:
    assert R.compile_pattern("a+") is R.compile_pattern("a+")


def test_pattern_unsupported_is_distinct() -> None:
    with pytest.raises(R.PatternUnsupported):
        R.compile_pattern("\\p{NoSuchProperty}")
    with pytest.raises(R.PatternUnsupported):
        R.compile_pattern("(?<\\u0061>x)")
    assert F.FORMATS["regex"]("\\p{NoSuchProperty}")  # not provably invalid ECMA


def test_differences_lists_meaning_changes() -> None:
    notes = R.differences("^\\d+\\s.$")
    assert any(note.startswith("\\d") for note in notes)
    assert any(note.startswith("\\s") for note in notes)
    assert any(note.startswith("$") for note in notes)
    assert any(note.startswith(".") for note in notes)
    assert R.differences("^[A-Z][a-z]+") == []


def test_catastrophic_pattern_is_bounded() -> None:
    compiled = R.compile_pattern("(a+)+$")
    start = time.perf_counter()
    with contextlib.suppress(R.PatternTimeout):
        assert not R.fullmatch(compiled, "a" * 30 + "b")
    assert time.perf_counter() - start < 1.0


def test_timeout_raises_pattern_timeout() -> None:
    compiled = R.compile_pattern("(a|aa)+$")
    start = time.perf_counter()
    with pytest.raises(R.PatternTimeout):
        R.fullmatch(compiled, "a" * 60 + "!", timeout=0.05)
    assert time.perf_counter() - start < 1.0


def test_anchored_source_keeps_group_numbers() -> None:
    assert R.anchored_source("(a)|b\\1") == "^(?:(a)|b\\1)$"
    compiled = R.compile_pattern(R.anchored_source("b"))
    assert R.search(compiled, "b")
    assert not R.search(compiled, "abc")
