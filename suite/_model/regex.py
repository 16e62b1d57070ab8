"""`pattern` support: ECMA-262 regular expressions run faithfully, and never for long.

JSON Structure validation draft, "`pattern`": "A string is valid if its entire value conforms
to the regular expression ... that conforms to the ECMA_262_2022 standard"; "Security
Considerations": patterns "may lead to performance issues (e.g., ReDoS). Implementations
should mitigate such risks."

Stances (module level, cited):
- Patterns are read in ECMA-262 `u` (Unicode) mode: JSON strings are code-point sequences
  (RFC 8259 section 7), so `.` and classes work on code points, and the strict u-mode grammar
  applies (ECMA-262 22.2.1; Annex B's lenient syntax is for web compatibility only). No flags.
- The translation targets the `regex` module (not `re`) for its `timeout=` and its
  conditionals. No ASCII flag (it would confine `\\p{...}` to ASCII): `\\d \\w \\s \\b .`
  are spelled out with ECMA's own sets.
- A match that runs past the timeout raises `PatternTimeout`: neither valid nor invalid.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

#: Seconds of matching allowed for one string. The regex module checks its clock coarsely:
#: measured here, a timeout of t raises after about 2.5 t (0.1 -> ~0.25 s).
DEFAULT_TIMEOUT = 0.1
#: Longer sources are refused (PatternUnsupported): compiling costs ~60 us per source
#: character in the regex module, and no real structure needs a longer pattern.
MAX_PATTERN_LENGTH = 10_000

# ECMA-262 22.2.2.9 CharacterClassEscape sets, as code point ranges.
_DIGIT = [(0x30, 0x39)]
_WORD = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]
# WhiteSpace (ECMA-262 12.2: TAB VT FF SP NBSP ZWNBSP and every Zs) + LineTerminator (12.3).
_SPACE = [(0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
          (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000),
          (0xFEFF, 0xFEFF)]  # fmt: skip
_LINE_TERMINATORS = [(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)]
_SETS = {"d": _DIGIT, "w": _WORD, "s": _SPACE}
_SYNTAX = set("^$\\.*+?()[]{}|/")
_CONTROL = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}


class PatternError(ValueError):
    """A pattern that this module will not run; `reason` says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"pattern {source!r}: {reason}")
        self.source, self.reason = source, reason


class PatternSyntaxError(PatternError):
    """Not a valid ECMA-262 (u-mode) pattern: the `regex` format rejects it."""


class PatternUnsupported(PatternError):
    """Valid ECMA-262, but not translatable faithfully (e.g. an unknown property name)."""


class PatternTimeout(TimeoutError):
    """Matching ran past its time budget: report `errored` (or a lint finding), not a verdict."""


@dataclass(frozen=True)
class CompiledPattern:
    source: str  # the ECMA-262 text, as written in the structure
    python_source: str  # its translation for the `regex` module
    notes: tuple[str, ...]  # differences(source)
    compiled: regex.Pattern[str]


def _complement(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    low = 0
    for a, b in ranges:
        if a > low:
            out.append((low, a - 1))
        low = b + 1
    return out + ([(low, 0x10FFFF)] if low <= 0x10FFFF else [])


def _char(code: int) -> str:
    if chr(code).isascii() and chr(code).isalnum():
        return chr(code)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _body(ranges: list[tuple[int, int]]) -> str:
    return "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)


def _groups(source: str) -> tuple[int, dict[str, int]]:
    """Capture group count and names (ECMA numbers named groups too, left to right)."""
    count, i, in_class = 0, 0, False
    names: dict[str, int] = {}
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 1
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(" and not source.startswith("(?", i):
            count += 1
        elif source.startswith("(?<", i) and source[i + 3 : i + 4] not in ("=", "!"):
            count += 1
            end = source.find(">", i)
            names.setdefault(source[i + 3 : end], count)
        i += 1
    return count, names


class _Translator:
    def __init__(self, source: str) -> None:
        self.src, self.i = source, 0
        self.out: list[str] = []
        self.notes: list[str] = []
        self.count, self.names = _groups(source)
        self.seen_names: set[str] = set()

    def fail(self, reason: str, unsupported: bool = False) -> PatternError:
        kind = PatternUnsupported if unsupported else PatternSyntaxError
        return kind(self.src, f"{reason} (at offset {self.i})")

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def match(self, pattern: str) -> regex.Match[str] | None:
        """`pattern` matched at the current offset (compiled once by regex's own cache)."""
        return regex.compile(pattern).match(self.src, self.i)

    def take(self, n: int = 1) -> str:
        text = self.src[self.i : self.i + n]
        self.i += n
        return text

    def run(self) -> str:
        stack: list[bool] = []  # per open group: may it be quantified?
        quantifiable = False
        while self.i < len(self.src):
            c = self.src[self.i]
            if c == "|":
                self.out.append(self.take())
                quantifiable = False
            elif c == "(":
                stack.append(self.group())
                quantifiable = False
            elif c == ")":
                if not stack:
                    raise self.fail("unmatched ')'")
                self.out.append(self.take())
                quantifiable = stack.pop()
            elif c in "*+?{":
                if not quantifiable:
                    raise self.fail("nothing to repeat")
                self.quantifier()
                quantifiable = False
            elif c in "]}":
                raise self.fail(f"lone {c!r} (u-mode: must be escaped)")
            elif c == "^":
                self.out.append(self.take())
                quantifiable = False
            elif c == "$":
                self.take()
                self.out.append(r"\Z")
                self.note("$: ECMA matches only at the end; Python re's $ also before a final \\n")
                quantifiable = False
            elif c == ".":
                self.take()
                self.out.append(f"[^{_body(_LINE_TERMINATORS)}]")
                self.note(". : ECMA excludes \\r, U+2028, U+2029 too; Python re only \\n")
                quantifiable = True
            elif c == "[":
                self.out.append(self.klass())
                quantifiable = True
            elif c == "\\":
                quantifiable = self.atom_escape()
            else:
                self.out.append(_body([(ord(self.take()),) * 2]))
                quantifiable = True
        if stack:
            raise self.fail("unterminated group")
        return "".join(self.out)

    def group(self) -> bool:
        src, i = self.src, self.i
        for opener in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):  # only (?: may be quantified
            if src.startswith(opener, i):
                self.out.append(self.take(len(opener)))
                return opener == "(?:"
        if src.startswith("(?<", i):
            end = src.find(">", i)
            name = src[i + 3 : end] if end > 0 else ""
            if "\\" in name:
                raise self.fail("escapes in group names are not translated", unsupported=True)
            valid = name and (name[0].isidentifier() or name[0] in "$_")
            if not valid or not all(
                ("a" + ch).isidentifier() or ch in "$\u200c\u200d" for ch in name
            ):
                raise self.fail(f"invalid group name {name!r}")
            if name in self.seen_names:
                raise self.fail(f"duplicate group name {name!r}")
            self.seen_names.add(name)
            self.note("(?<name>...): Python re spells it (?P<name>...)")
            self.i = end + 1
        elif src.startswith("(?", i):
            raise self.fail(
                "unknown group kind '(?' (ECMA-262 2022 has no inline flags, "
                "(?P<...>, (?#, atomic or possessive groups)"
            )
        else:
            self.take()
        self.out.append("(")
        return True

    def quantifier(self) -> None:
        m = self.match(r"[*+?]|\{([0-9]+)(,([0-9]*))?\}")
        if m is None:
            raise self.fail("lone '{' (u-mode: must be escaped)")
        low, high = m.group(1), m.group(3)
        if low is not None and high and int(high) < int(low):
            raise self.fail("numbers out of order in {} quantifier")
        if low is not None and max(int(low), int(high or 0)) >= 2**32 - 1:
            raise self.fail("repetition count above the regex module's limit", True)
        self.out.append(self.take(len(m.group(0))))
        if self.src.startswith("?", self.i):
            self.out.append(self.take())

    def atom_escape(self) -> bool:
        """Escape outside a class; returns whether it may be quantified."""
        self.take()
        if self.i >= len(self.src):
            raise self.fail("\\ at end of pattern")
        c = self.src[self.i]
        if c in "bB":
            self.take()
            w = f"[{_body(_WORD)}]"  # ECMA 22.2.2.6 IsWordChar, both sides
            if c == "b":
                self.out.append(f"(?:(?<={w})(?!{w})|(?<!{w})(?={w}))")
            else:
                self.out.append(f"(?:(?<={w})(?={w})|(?<!{w})(?!{w}))")
            self.note("\\b: ECMA word characters are ASCII; Python re's are Unicode")
            return False
        if c.lower() in _SETS:
            self.take()
            ranges = _SETS[c.lower()]
            self.out.append(f"[{_body(ranges if c.islower() else _complement(ranges))}]")
            self.note(f"\\{c.lower()}: ECMA's set differs from Python re's Unicode \\{c.lower()}")
            return True
        if c in "123456789":
            digits = self.match("[0-9]+")
            assert digits is not None
            number = self.take(len(digits.group(0)))
            if int(number) > self.count:
                raise self.fail(f"backreference \\{number} to a group that does not exist")
            self.backreference(int(number))
            return True
        if c == "k":
            self.take()
            m = self.match("<([^>]*)>")
            if m is None or m.group(1) not in self.names:
                raise self.fail("\\k must name an existing group")
            self.take(len(m.group(0)))
            self.backreference(self.names[m.group(1)])
            return True
        self.i -= 1
        code = self.character_escape(in_class=False)
        self.out.append(code)
        return True

    def backreference(self, number: int) -> None:
        # ECMA 22.2.2.7.2: a group that did not participate matches the empty string; Python
        # fails the match. A conditional restores ECMA's meaning.
        self.out.append(f"(?({number})(?:\\{number}))")
        self.note(
            "backreference: ECMA matches empty for an unset group (Python re fails); "
            "ECMA also resets groups on each repetition, which Python does not"
        )

    def character_escape(self, in_class: bool) -> str:
        """An escape that denotes one character (or a property set); returns pattern text."""
        self.take()
        if self.i >= len(self.src):
            raise self.fail("\\ at end of pattern")
        c = self.take()
        if c in _CONTROL:
            return _body([(_CONTROL[c],) * 2])
        if c == "c":
            letter = self.take()
            if not (letter.isascii() and letter.isalpha()):
                raise self.fail("\\c must be followed by an ASCII letter")
            self.note("\\cX: control-letter escape, not supported by Python re")
            return _body([(ord(letter) % 32,) * 2])
        if c == "0" and not self.src[self.i : self.i + 1].isdigit():
            return _body([(0, 0)])
        if c == "x":
            m = self.match("[0-9A-Fa-f]{2}")
            if m is None:
                raise self.fail("\\x needs two hex digits")
            return _body([(int(self.take(2), 16),) * 2])
        if c == "u":
            return _body([(self.unicode_escape(),) * 2])
        if c in "pP":
            m = self.match(r"\{([A-Za-z0-9_]+(?:=[A-Za-z0-9_]+)?)\}")
            if m is None:
                raise self.fail(f"\\{c} needs {{Name}} or {{Name=Value}}")
            self.take(len(m.group(0)))
            self.note("\\p{...}: Unicode property tables may differ between engines")
            try:
                regex.compile(f"\\{c}{{{m.group(1)}}}")
            except regex.error as error:
                raise self.fail(f"property {m.group(1)!r}: {error}", unsupported=True) from None
            return f"\\{c}{{{m.group(1)}}}"
        if c in _SYNTAX or (in_class and c == "-"):
            return _body([(ord(c),) * 2])
        if c in "AZzG":
            self.note(f"\\{c}: an anchor in Python re, a syntax error in ECMA u-mode")
        raise self.fail(f"invalid escape \\{c} (u-mode allows only syntax characters)")

    def unicode_escape(self) -> int:
        m = self.match(r"\{([0-9A-Fa-f]+)\}|[0-9A-Fa-f]{4}")
        if m is None:
            raise self.fail("\\u needs 4 hex digits or {hex}")
        self.take(len(m.group(0)))
        value = int(m.group(1) or m.group(0), 16)
        if value > 0x10FFFF:
            raise self.fail("\\u{...} above U+10FFFF")
        self.note("\\u{...}/\\uXXXX: surrogate pairs form one code point in u-mode")
        trail = self.match(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})")
        if 0xD800 <= value <= 0xDBFF and m.group(1) is None and trail is not None:
            self.take(6)
            value = 0x10000 + ((value - 0xD800) << 10) + int(trail.group(1), 16) - 0xDC00
        return value

    def klass(self) -> str:
        self.take()
        negated = self.src.startswith("^", self.i)
        if negated:
            self.take()
        parts: list[str] = []
        while not self.src.startswith("]", self.i):
            if self.i >= len(self.src):
                raise self.fail("unterminated character class")
            low = self.class_atom()
            if self.src.startswith("-", self.i) and self.src[self.i + 1 : self.i + 2] not in "]":
                self.take()
                high = self.class_atom()
                if isinstance(low, str) or isinstance(high, str):
                    raise self.fail("class escape in a range (u-mode)")
                if high < low:
                    raise self.fail("range out of order in character class")
                parts.append(_body([(low, high)]))
            else:
                parts.append(low if isinstance(low, str) else _body([(low, low)]))
        self.take()
        if not parts:  # ECMA: [] never matches, [^] matches any code point
            self.note("[] / [^]: ECMA's empty classes; Python re reads ']' as a member")
            return "[\\x00-\\U0010ffff]" if negated else "[^\\x00-\\U0010ffff]"
        return f"[{'^' if negated else ''}{''.join(parts)}]"

    def class_atom(self) -> int | str:
        """One code point, or a class-body fragment for a set escape."""
        if not self.src.startswith("\\", self.i):
            return ord(self.take())
        nxt = self.src[self.i + 1 : self.i + 2]
        if nxt == "b":
            self.take(2)
            return 0x08
        if nxt.lower() in _SETS:
            self.take(2)
            ranges = _SETS[nxt.lower()]
            self.note(f"\\{nxt.lower()}: ECMA's set differs from Python re's Unicode one")
            return _body(ranges if nxt.islower() else _complement(ranges))
        if nxt.isdigit() and nxt != "0":
            raise self.fail("backreference or octal escape inside a class (u-mode)")
        escaped = self.character_escape(in_class=True)
        if escaped.startswith(("\\p", "\\P")):
            return escaped
        return ord(escaped) if len(escaped) == 1 else int(escaped[2:], 16)


@functools.lru_cache(maxsize=1024)
def compile_pattern(source: str) -> CompiledPattern:
    """Translate an ECMA-262 (u-mode) pattern for the `regex` module and compile it.

    Raises PatternSyntaxError for a pattern that is not ECMA-262, PatternUnsupported for one
    that cannot be run with ECMA's meaning here.
    """
    if len(source) > MAX_PATTERN_LENGTH:
        raise PatternUnsupported(source[:40], f"longer than {MAX_PATTERN_LENGTH} characters")
    translator = _Translator(source)
    python_source = translator.run()
    try:
        compiled = regex.compile(python_source, regex.VERSION0)
    except regex.error as error:
        raise PatternUnsupported(source, f"translation did not compile: {error}") from None
    return CompiledPattern(source, python_source, tuple(translator.notes), compiled)


def differences(source: str) -> list[str]:
    """Constructs in `source` whose meaning differs between ECMA-262 and Python `re` (for a lint);
    a pattern that is invalid or untranslatable lists its reason last."""
    translator = _Translator(source)
    try:
        translator.run()
    except PatternError as error:
        return [*translator.notes, error.reason]
    return list(translator.notes)


def fullmatch(pattern: CompiledPattern, text: str, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Whether the *entire* string conforms (validation draft, `pattern`); bounded in time."""
    try:
        return pattern.compiled.fullmatch(text, timeout=timeout) is not None
    except TimeoutError:
        raise PatternTimeout(f"pattern {pattern.source!r} ran past {timeout}s") from None


def search(pattern: CompiledPattern, text: str, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Whether the pattern matches anywhere (ECMA `RegExp.prototype.test`, JSON Schema's and
    `patternProperties`' reading, whose example `^[A-Z]` is anchored at the start only)."""
    try:
        return pattern.compiled.search(text, timeout=timeout) is not None
    except TimeoutError:
        raise PatternTimeout(f"pattern {pattern.source!r} ran past {timeout}s") from None


def anchored_source(source: str) -> str:
    """The ECMA-262 source that gives JSON Schema's unanchored `pattern` the entire-value meaning.

    Non-capturing, so group numbers and backreferences keep their meaning. Engines that run
    JSON Schema patterns with Python `re` still let `$` match before a final newline.
    """
    return f"^(?:{source})$"
