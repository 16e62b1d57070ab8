"""Sample values the generators and mutators draw from: edge values of each lexical type and
`format`, characters that expose how a validator counts, odd member names, and wrong forms
(RFC 8259 numbers, RFC 3339, RFC 9562, RFC 3986, RFC 6901, RFC 4648). Data only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: How a string misses an enum value by a little: another case, a space before or after, a
#: character more or less. The enum mutants draw them; the sweep lists each once.
NEAR_MISSES: tuple[Callable[[str], str], ...] = (
    str.upper,
    str.capitalize,
    lambda s: f" {s}",
    lambda s: f"{s} ",
    lambda s: s + "x",
    lambda s: s[:-1],
)

#: Characters that expose how a validator counts: two-byte, three-byte, outside the BMP.
WIDE = ("é", "ジ", "🚀", "\U0001f600", "𝄞")

#: Valid samples of the validation draft's `format` names.
FORMAT_SAMPLES: dict[str, tuple[str, ...]] = {
    "ipv4": ("0.0.0.0", "255.255.255.255", "192.168.0.1"),
    "ipv6": ("::", "::1", "2001:db8::ff00:42:8329", "FE80::1"),
    "email": ("a@example.com", "first.last+tag@sub.example.org"),
    "idn-email": ("用户@例子.广告", "a@example.com"),
    "hostname": ("example.com", "a", "xn--bcher-kva.example"),
    "idn-hostname": ("bücher.example", "example.com"),
    "iri": ("https://例子.广告/路径", "urn:isbn:0451450523"),
    "iri-reference": ("路径/x", "#frag", ""),
    "uri-template": ("https://example.com/{id}", "{+path}/x{?q,r}"),
    "relative-json-pointer": ("0", "1/a~1b", "2#"),
    "regex": ("^[a-z]+$", "(a|b)*"),
}

LEXICAL_EDGES: dict[str, tuple[str, ...]] = {
    "date": (
        "2024-02-29",
        "2000-02-29",
        "2023-02-28",
        "1900-02-28",
        "2023-04-30",
        "2023-12-31",
        "0001-01-01",
        "9999-12-31",
    ),
    "time": ("23:59:60Z", "15:59:60-08:00", "00:00:00z", "12:00:00.5+05:30", "23:59:59.999-23:59"),
    "datetime": (
        "1990-12-31T23:59:60Z",
        "1990-12-31t15:59:60-08:00",
        "2024-02-29T12:00:00.5+05:30",
        "2023-01-31T00:00:00z",
        "2016-12-31T23:59:60.999Z",
        "2023-06-30t23:59:59-00:00",
    ),
    "duration": ("P1Y2M3DT4H5M6S", "PT0S", "P4W", "P1D", "PT36H", "p1y", "P0D", "PT1M"),
    "uuid": (
        "00000000-0000-0000-0000-000000000000",
        "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
        "123E4567-e89b-12D3-A456-426614174000",
    ),
    "uri": (
        "https://example.com/",
        "http://[::1]:8080/a?b=c#d",
        "urn:isbn:0451450523",
        "mailto:someone@example.com",
        "a/b",
        "../x",
        "#frag",
        "?q=1",
        "",
        "//host/path",
        "file:///etc/hosts",
        "https://example.com/%E2%82%AC",
    ),
    "jsonpointer": ("", "/", "/a~1b", "/~0", "/0", "//", "/🚀"),
}

#: Member names that break naive maps: empty, space, non-ASCII, JSON Pointer escapes,
#: names that mean something in JavaScript or JSON Schema.
ODD_KEYS = (
    "",
    " ",
    "é",
    "ключ",
    "🚀",
    "a/b",
    "~0~1",
    "$ref",
    "__proto__",
    "constructor",
    "0",
    "null",
    "a.b",
    "\u0000",
)

WRONG_JSON: dict[str, tuple[Any, ...]] = {
    "string": (0, 42, 1.5, True, None, [], ["x"], {}),
    "number": (True, "1", "1.5", None, [], {}),
    "boolean": ("true", 0, 1, None, [], {}),
    "null": (0, False, "", [], {}),
    "array": ("x", 0, True, None, {}, {"0": "x"}),
    "object": ("x", 0, True, None, [], [{}]),
}
#: Wrong JSON types by family where the base type's list is not enough.
WRONG_FAMILY: dict[str, tuple[Any, ...]] = {
    "integer": (True, False, 1.5, -0.5, "5", "", None, [], [5], {}),
    # a JSON number where the draft wants a string-encoded number
    "big-integer": (5, 0, -1, 9223372036854775807, 18446744073709551615, 1.5, True, None, []),
    "decimal": (1.5, 0, True, None, [], {}),
}

#: Wrong lexical forms by family (or lexical type name): RFC 8259 numbers, RFC 3339, RFC 9562,
#: RFC 3986, RFC 6901, RFC 4648.
BAD_LEXICAL: dict[str, tuple[str, ...]] = {
    "big-integer": (
        "007",
        "+5",
        "1e5",
        "1.0",
        " 5",
        "5 ",
        "0x10",
        "",
        "-",
        "1_000",
        "\u0663",
        "00",
    ),
    "decimal": (
        "1e5",
        "+1.5",
        "01.5",
        ".5",
        "1.",
        "1,5",
        "NaN",
        "Infinity",
        "1.5e-3",
        " 1",
        "\u0661",
    ),
    "date": ("2023-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "20230101", "2023-1-1"),
    "datetime": (
        "2024-01-01T00:00:00",
        "2024-01-01 00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T12:00:60Z",
        "2024-01-01T23:59:60+01:00",
        "2024-01-01T00:00Z",
        "2024-01-01",
        "2023-04-31T00:00:00Z",
        "2023-02-30T00:00:00Z",
    ),
    "time": ("12:00:00", "24:00:00Z", "12:60:00Z", "12:00Z", "12:00:00+24:00", "12:00:60Z"),
    "duration": ("P", "PT", "1D", "P1.5D", "P1DT", "P1Y1D", "P-1D", "PT1H1S"),
    "uuid": (
        "123e4567e89b12d3a456426614174000",
        "123e4567-e89b-12d3-a456-42661417400g",
        "{123e4567-e89b-12d3-a456-426614174000}",
        "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-42661417400",
    ),
    "uri": ("http://exa mple.com", "a b", "%zz", "http://[::1", "\\\\server\\share", "<x>"),
    "jsonpointer": ("a", "/~2", "~", "a/b", "/~"),
    "binary": ("eA=", "e A==", "!!!!", "eA", "eA===", "eA==\n", "-_8=", "ab-_"),
}

#: Invalid samples of the validation draft's `format` names.
BAD_FORMATS: dict[str, tuple[str, ...]] = {
    "ipv4": ("256.0.0.1", "1.2.3", "1.2.3.4.5", "a.b.c.d"),
    "ipv6": ("1:::2", "12345::", "::g"),
    "email": ("a@", "@b.c", "a b@c.d", "plain"),
    "idn-email": ("a@", "@b.c", "plain"),
    "hostname": ("-a.com", "a..b", "a" * 64 + ".com"),
    "idn-hostname": ("-a.com", "a..b"),
    "iri": ("a b", "no-scheme"),
    "iri-reference": ("a b", "%zz"),
    "uri-template": ("{", "{a", "}"),
    "relative-json-pointer": ("/a", "-1", "01"),
    "regex": ("(", "[", "*"),
}
