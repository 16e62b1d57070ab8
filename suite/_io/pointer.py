"""RFC 6901 JSON Pointers: the one place tokens are escaped, joined and split."""

from __future__ import annotations


def unescape_token(token: str) -> str:
    """One RFC 6901 reference token as the member name it stands for."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_tokens(pointer: str) -> list[str]:
    """The member names and indices a JSON Pointer walks through ("" is the whole value)."""
    return [unescape_token(t) for t in pointer.split("/")[1:]]


def escape_token(part: str | int) -> str:
    """A member name or index as one RFC 6901 reference token."""
    return str(part).replace("~", "~0").replace("/", "~1")


def pointer_join(pointer: str, *parts: str | int) -> str:
    """Append reference tokens, escaping them as RFC 6901 asks."""
    for part in parts:
        pointer = f"{pointer}/{escape_token(part)}"
    return pointer
