"""Passwords kept out of everything obc says: messages, logs, results and crash reports;
and text from data or paths kept from rewriting the terminal (`printable`).

A connection string can carry a password in three places: a URL's user information
(``postgresql://obc:pw@db/returns``, ``s3a://key:secret@bucket/returns``), a URL's
query (``?password=pw``), or a libpq keyword (``host=db password=pw``, the value
quoted or not). `redact` masks each of these wherever it appears in a text, and
every occurrence of the passwords of the connection strings it is given, as typed
and percent-decoded, whatever surrounds them: a driver that echoes a token, or a
host name that an unencoded ``@`` in a password made of its tail. `without_password`
is how a connection string is shown (``postgresql://obc@db/returns``); `url_problem`
says why a URL cannot be handed to a driver without the driver's error showing part
of its password.

The one promise: no text that passed through `redact` with the connection strings a
run was given holds a password of three characters or more from them. Shorter ones
are masked where they stand in a connection string, not elsewhere (masking every
``a`` in a message would leave nothing to read).

`printable` shows text that came from a data file or a path as it is, escaped where a
terminal would act on it: a carriage return or a newline that would forge a line of
output, an escape sequence that would retitle or clear the terminal, a right-to-left
override that would reorder what follows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote

MASK = "***"
SHORTEST_SECRET = 3
"""Passwords shorter than this are masked in connection strings only (see the module)."""

_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)")
_KEYWORD = re.compile(r"(?i)(?<![?&])(?<![?&]ssl)(password\s*=\s*)('(?:[^'\\]|\\.)*'?|\S+)")
_QUERY = re.compile(r"(?i)([?&](?:ssl)?password=)([^&\s]*)")
_AUTHORITY_END = "/?#"


_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character (other than those in ``keep``) and every
    bidirectional control written as an escape: ``\\r``, ``\\x1b``, ``\\u202e``."""
    if text.isprintable() and not _BIDI_CONTROLS.intersection(text):
        return text
    return "".join(_escaped(c) if c not in keep and (c in _BIDI_CONTROLS or (
        not c.isprintable() and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")))
        else c for c in text)


def _escaped(character: str) -> str:
    return repr(character)[1:-1] if ord(character) < 0x80 else f"\\u{ord(character):04x}"


def split_url(text: str) -> tuple[str, str | None, str] | None:
    """A URL as (scheme with ``://``, user information or None, the rest); None when
    ``text`` is not a URL.

    The user information runs to the *last* ``@``, so that a password holding an
    unencoded ``/``, ``#``, ``?`` or ``@`` is still taken whole, as long as the user
    name before its ``:`` holds none of ``/?#`` (an ``@`` in a path or query of a URL
    without user information is then not mistaken for one).
    """
    match = _SCHEME.match(text)
    if match is None:
        return None
    scheme, rest = match.group(1), text[match.end():]
    at = rest.rfind("@")
    if at < 0:
        return scheme, None, rest
    user = rest[:at].split(":", 1)[0]
    if any(c in user for c in _AUTHORITY_END):
        return scheme, None, rest
    return scheme, rest[:at], rest[at + 1:]


def passwords(dsn: str) -> list[str]:
    """The passwords a connection string holds, as typed and percent-decoded."""
    found: list[str] = []
    url = split_url(dsn.strip())
    if url is not None:
        _, userinfo, rest = url
        if userinfo is not None and ":" in userinfo:
            found.append(userinfo.split(":", 1)[1])
        found += [m.group(2) for m in _QUERY.finditer(rest)]
    else:
        for match in _KEYWORD.finditer(dsn):
            value = match.group(2)
            found.append(value)
            if value.startswith("'"):
                found.append(re.sub(r"\\(.)", r"\1", value.strip("'")))
    decoded = [unquote(p) for p in found]
    return sorted({p for p in found + decoded if p}, key=lambda p: (-len(p), p))


def redact(text: str, *dsns: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every password masked: those of ``dsns`` (and the literal
    ``secrets``, such as ``PGPASSWORD``) wherever they appear, and any password written
    in a connection string in ``text`` itself."""
    known = {s for dsn in dsns for s in passwords(dsn)} | {s for s in secrets if s}
    for secret in sorted(known, key=lambda s: (-len(s), s)):
        if len(secret) >= SHORTEST_SECRET:
            text = text.replace(secret, MASK)
    text = _mask_urls(text)
    text = _QUERY.sub(lambda m: m.group(1) + MASK, text)
    return _KEYWORD.sub(lambda m: m.group(1) + MASK, text)


def without_password(dsn: str) -> str:
    """A connection string as obc shows it: a URL without its password and query
    (``postgresql://obc@db:5433/returns``), keywords with ``password=***``."""
    url = split_url(dsn.strip())
    if url is None:
        return redact(dsn, dsn)
    scheme, userinfo, rest = url
    user = userinfo.split(":", 1)[0] + "@" if userinfo else ""
    place = re.split(r"[?#]", rest, maxsplit=1)[0]
    return redact(scheme.lower() + user + place, dsn)


def url_problem(dsn: str) -> str | None:
    """Why the URL ``dsn`` cannot be given to a driver as it is, in words that quote no
    part of its password; None when it can (or when it is not a URL)."""
    url = split_url(dsn.strip())
    if url is None:
        return None
    _, userinfo, rest = url
    if userinfo is not None and ":" in userinfo:
        secret = userinfo.split(":", 1)[1]
        if any(c in secret for c in "/?#@ ") or not _well_encoded(secret):
            return ("its password holds a character a URL cannot carry as it is (/ ? # @ "
                    "or a space) or a % not followed by two hex digits: percent-encode it "
                    "(/ is %2F, # is %23, @ is %40), or better, leave the password out of "
                    "the URL and give it in PGPASSWORD or ~/.pgpass")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    for host in authority.split(","):
        if host.startswith("["):
            if "]" not in host:
                return "an IPv6 address opened with [ is not closed with ]"
            port = host.split("]", 1)[1].removeprefix(":")
        else:
            port = host.rsplit(":", 1)[1] if ":" in host else ""
        if port and not port.isdigit():
            return f"the port {port!r} is not a number"
    return None


def _well_encoded(text: str) -> bool:
    return re.search(r"%(?![0-9A-Fa-f]{2})", text) is None


def _mask_urls(text: str) -> str:
    """Every ``scheme://user:password@`` in ``text`` as ``scheme://user:***@``."""
    out: list[str] = []
    position = 0
    for match in _SCHEME.finditer(text):
        if match.start() < position:
            continue
        end = _token_end(text, match.end())
        url = split_url(text[match.start():end])
        if url is None:
            continue
        scheme, userinfo, rest = url
        if userinfo is None or ":" not in userinfo:
            continue
        out.append(text[position:match.start()])
        out.append(f"{scheme}{userinfo.split(':', 1)[0]}:{MASK}@{rest}")
        position = end
    out.append(text[position:])
    return "".join(out)


def _token_end(text: str, start: int) -> int:
    """Where the URL starting before ``start`` ends: at white space or a quote."""
    match = re.compile(r"[\s'\"<>]").search(text, start)
    return len(text) if match is None else match.start()
