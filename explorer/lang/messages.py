"""Learner sentences for what Python's own parser reports, and small text helpers."""

from __future__ import annotations

import difflib
import re

__all__ = ["syntax_message", "suggest", "excerpt", "shorten_words"]

# Characters that arrive by copy-paste from slides and documents and look like
# Python operators but are not.
_LOOKALIKES = {
    "\u2212": "'−' is not the minus sign Python reads; type -",
    "\u00d7": "'×' is not a multiplication sign Python reads; type *",
    "\u22c5": "'⋅' is not a multiplication sign Python reads; type *",
    "\u00b7": "'·' is not a multiplication sign Python reads; type *",
    "\u00f7": "'÷' is not a division sign Python reads; type /",
    "\u00b2": "'²' is not understood; write x**2",
    "\u00b3": "'³' is not understood; write x**3",
    "\u2018": "curly quotes are not understood; type ' or \"",
    "\u2019": "curly quotes are not understood; type ' or \"",
    "\u201c": "curly quotes are not understood; type ' or \"",
    "\u201d": "curly quotes are not understood; type ' or \"",
}

_NUMBER_THEN_NAME = "a number is followed directly by a letter; write 3*x, not 3x"
_NUMBER_NAME = re.compile(r"(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)([A-Za-z_]\w*)")


def _number_then_name(text: str) -> str:
    """'2a' -> "... write 2*a, not 2a", naming what the learner actually typed."""
    found = _NUMBER_NAME.match(text)
    if not found:
        return _NUMBER_THEN_NAME
    number, name = found.groups()
    return f"a number is followed directly by a letter; write {number}*{name}, not {number}{name}"


# (pattern in Python's message, learner sentence); first match wins.
_RULES: list[tuple[re.Pattern, str]] = [(re.compile(p), m) for p, m in [
    (r"invalid (decimal|hexadecimal|octal|binary|digit).*literal", _NUMBER_THEN_NAME),
    (r"'(.)' was never closed", "this '{0}' is never closed"),
    (r"unmatched '(.)'", "this '{0}' has no opening partner before it"),
    (r"closing parenthesis '(.)' does not match opening parenthesis '(.)'",
     "this '{0}' does not match the '{1}' it closes"),
    (r"closing parenthesis '(.)' does not match", "this '{0}' does not match the bracket it closes"),
    (r"too many nested parentheses", "too many brackets inside each other; Python allows at most 200"),
    (r"unexpected indent", "this line starts with spaces it should not have"),
    (r"expected an indented block", "the line after a ':' must be indented"),
    (r"unindent does not match", "this line's indentation does not match the lines above it"),
    (r"inconsistent use of tabs", "this line mixes tabs and spaces for indentation"),
    (r"unterminated triple-quoted string", "a triple-quoted text is never closed"),
    (r"unterminated string", "a quote is never closed on this line"),
    (r"cannot assign to function call",
     "a function is written on its own line as f(x) = ...; to compare values use =="),
    (r"cannot assign to (literal|expression|operator|conditional|comparison|lambda)",
     "only a name can be on the left of '=', like a = 2.0"),
    (r"Maybe you meant '==' or ':=' instead of '='",
     "'=' gives a name a value; write the name first, like a = 2.0"),
    (r"expected ':'", "a ':' is missing at the end of this line"),
    (r"Perhaps you forgot a comma", "something is missing here: an operator such as * or +, or a comma?"),
    (r"Exceeds the limit \((\d+) digits\)", "this number has more than {0} digits; that is the limit"),
    (r"leading zeros in decimal integer", "write numbers without leading zeros: 7, not 07"),
    (r"null bytes", "the text contains a NUL character; remove it"),
    (r"unexpected EOF|incomplete input|unexpected end", "the text ends in the middle of an expression"),
    (r"unexpected character after line continuation", "a '\\' must be the last character of its line"),
    (r"EOL while scanning", "a quote is never closed on this line"),
    (r"'return' outside function", "'return' only makes sense inside def f(x):"),
    (r"^invalid syntax$", "Python cannot read this: is an operator, a bracket or a name missing?"),
]]


def syntax_message(msg: str, text_at_error: str = "") -> str:
    """A learner sentence for a SyntaxError message ``msg``."""
    if "invalid character" in msg or "invalid non-printable" in msg:
        for ch, sentence in _LOOKALIKES.items():
            if ch in msg or ch == text_at_error:
                return sentence
        found = re.search(r"'(.)'", msg)
        what = f"'{found.group(1)}'" if found else "this character"
        return f"{what} is not allowed in an expression"
    for pattern, sentence in _RULES:
        m = pattern.search(msg)
        if m:
            if sentence is _NUMBER_THEN_NAME:
                return _number_then_name(text_at_error)
            return sentence.format(*m.groups())
    return f"Python cannot read this line ({msg})"


_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours(ch: str) -> str:
    """Keys next to ``ch`` on a QWERTY keyboard (a slipped finger)."""
    low = ch.lower()
    for r, row in enumerate(_ROWS):
        c = row.find(low)
        if c < 0:
            continue
        near = [row[c - 1] if c > 0 else "", row[c + 1] if c + 1 < len(row) else ""]
        for other in (r - 1, r + 1):
            if 0 <= other < len(_ROWS):
                near.append(_ROWS[other][c:c + 2] if c < len(_ROWS[other]) else "")
                near.append(_ROWS[other][c - 1] if 0 < c <= len(_ROWS[other]) else "")
        return "".join(near)
    return ""


# difflib's comparison is quadratic in the length of the names: only names of a
# sensible length, and only so many of them, are compared, so that a suggestion
# costs at most a few milliseconds whatever the text.
_SUGGEST_MAX_LENGTH = 40
_SUGGEST_MAX_NAMES = 500


def suggest(name: str, candidates) -> str:
    """' — did you mean 'a'?' or '' when nothing is close.

    difflib finds longer look-alikes; it never finds a one-letter slip ('q' for 'a'),
    so names one key away on the keyboard are tried too."""
    if not name or len(name) > _SUGGEST_MAX_LENGTH:
        return ""
    names = []
    for c in candidates:
        if c and len(c) <= _SUGGEST_MAX_LENGTH and abs(len(c) - len(name)) <= max(2, len(name) // 2):
            names.append(c)
            if len(names) >= _SUGGEST_MAX_NAMES:
                break
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:
        known = set(names)
        for i, ch in enumerate(name):
            hit = next((name[:i] + k + name[i + 1:] for k in _neighbours(ch)
                        if name[:i] + k + name[i + 1:] in known), None)
            if hit:
                close = [hit]
                break
    return f" — did you mean '{close[0]}'?" if close else ""


_LONG_WORD = re.compile(r"[^\s'\"]{61,}")


def shorten_words(message: str, limit: int = 60) -> str:
    """``message`` with every run of more than ``limit`` characters without a space
    cut to ``limit`` (a 100,000-letter unknown name quoted in full would make an
    error label as wide as the screen, and more)."""
    if len(message) <= limit:
        return message
    return _LONG_WORD.sub(lambda m: m.group(0)[:limit - 1] + "…", message)


def excerpt(text: str, limit: int = 40) -> str:
    """The first line of ``text``, shortened to ``limit`` characters."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"
