"""`obcrules.redaction`: passwords masked in every shape a connection string takes, a
connection string shown without its password, and URLs a driver would misread refused."""

from __future__ import annotations

import pytest

from obcrules.redaction import MASK, passwords, printable, redact, url_problem, without_password

SHAPES = [
    # (connection string, its password(s), how it is shown)
    ("postgresql://obc:pw-1x@db.example:5433/w?sslmode=require", ["pw-1x"],
     "postgresql://obc@db.example:5433/w"),
    ("postgres://obc:pw-2x@db/w", ["pw-2x"], "postgres://obc@db/w"),
    ("POSTGRESQL://obc:pw-3x@db/w", ["pw-3x"], "postgresql://obc@db/w"),
    ("postgresql://:pw-4x@db/w", ["pw-4x"], "postgresql://@db/w"),
    ("postgresql://obc:p/w#5?x@db/w", ["p/w#5?x"], "postgresql://obc@db/w"),
    ("postgresql://obc:p@w6@db/w", ["p@w6"], "postgresql://obc@db/w"),
    ("postgresql://obc:p%40w7@db/w", ["p%40w7", "p@w7"], "postgresql://obc@db/w"),
    ("postgresql://db/w?user=obc&password=pw-8x&sslmode=require", ["pw-8x"],
     "postgresql://db/w"),
    ("postgresql://obc:pw-9x@[::1]:5432/w", ["pw-9x"], "postgresql://obc@[::1]:5432/w"),
    ("host=db password=pw-10 dbname=w", ["pw-10"], "host=db password=*** dbname=w"),
    ("host=db password = 'p w\\'11' dbname=w", ["'p w\\'11'", "p w'11"],
     "host=db password = *** dbname=w"),
    ("host=db sslpassword=pw-12", ["pw-12"], "host=db sslpassword=***"),
    ("s3a://AKIA:pw-13@bucket/returns", ["pw-13"], "s3a://AKIA@bucket/returns"),
    ("/data/returns", [], "/data/returns"),
    ("s3a://bucket/returns@2026", [], "s3a://bucket/returns@2026"),
]


@pytest.mark.parametrize(("dsn", "secrets", "shown"), SHAPES, ids=[s[0] for s in SHAPES])
def test_each_shape_gives_its_passwords_and_is_shown_without_them(
        dsn: str, secrets: list[str], shown: str) -> None:
    assert sorted(passwords(dsn)) == sorted(secrets)
    assert without_password(dsn) == shown
    message = f"could not connect to {dsn!r}: FATAL: password for {secrets[:1]} rejected"
    masked = redact(message, dsn)
    assert not any(secret in masked for secret in secrets), masked
    assert MASK in masked or not secrets


@pytest.mark.parametrize("dsn", [s[0] for s in SHAPES if s[1]])
def test_connection_strings_quoted_in_a_text_are_masked_without_being_named(dsn: str) -> None:
    text = f"Traceback: psycopg.connect({dsn})\n  and later: {dsn} again"
    masked = redact(text)
    assert not any(s in masked for s in passwords(dsn) if len(s) > 3 and "'" not in s), masked


def test_a_driver_echoing_part_of_a_password_is_masked_through_the_whole_one() -> None:
    dsn = "postgresql://obc:S3cr%zzet@db/w"
    assert redact('invalid percent-encoded token: "S3cr%zzet"', dsn) == (
        'invalid percent-encoded token: "***"')
    assert "S3cret" not in redact("PGPASSWORD=S3cret", secrets=["S3cret"])


def test_short_passwords_are_masked_in_connection_strings_only() -> None:
    dsn = "postgresql://obc:ab@db/w"
    assert redact("a table named ab; postgresql://obc:ab@db/w", dsn) == (
        "a table named ab; postgresql://obc:***@db/w")


def test_redacting_twice_changes_nothing_more() -> None:
    for dsn, _, _ in SHAPES:
        once = redact(f"at {dsn}", dsn)
        assert redact(once, dsn) == once


@pytest.mark.parametrize(("dsn", "problem"), [
    ("postgresql://obc:p/w@db/w", "percent-encode it"),
    ("postgresql://obc:p#w@db/w", "percent-encode it"),
    ("postgresql://obc:p@w@db/w", "percent-encode it"),
    ("postgresql://obc:p%zw@db/w", "percent-encode it"),
    ("postgresql://obc:pw@db:x5432/w", "the port 'x5432' is not a number"),
    ("postgresql://obc:pw@[::1/w", "an IPv6 address opened with [ is not closed with ]"),
    ("postgresql://obc:pw@[::1]:x/w", "the port 'x' is not a number"),
    ("postgresql://obc:pw@a:1,b:y/w", "the port 'y' is not a number"),
])
def test_urls_a_driver_would_misread_are_refused_without_quoting_the_password(
        dsn: str, problem: str) -> None:
    found = url_problem(dsn)
    assert found is not None and problem in found
    assert "pw" not in found.replace("password", "") and "p/w" not in found


@pytest.mark.parametrize("dsn", ["postgresql://obc:p%2Fw@db:5432/w", "postgresql:///w?host=/run",
                                 "postgresql://[::1]:5432/w", "host=db port=x", "/data"])
def test_well_formed_urls_and_other_text_pass(dsn: str) -> None:
    assert url_problem(dsn) is None


@pytest.mark.parametrize(("text", "shown"), [
    ("Oak\rwrote /etc/passwd", "Oak\\rwrote /etc/passwd"),
    ("Oak\nwrote", "Oak\\nwrote"),
    ("a\x1b]0;owned\x07", "a\\x1b]0;owned\\x07"),
    ("Oak\u202eevil", "Oak\\u202eevil"),
    ("zero\u200bwidth", "zero\\u200bwidth"),
    ("x\x00y", "x\\x00y"),
    ("Ashford £ é 🔥 — fine", "Ashford £ é 🔥 — fine"),
])
def test_printable_escapes_what_a_terminal_would_act_on(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_printable_keeps_what_it_is_told_to() -> None:
    assert printable("one\ntwo\r", keep="\n") == "one\ntwo\\r"
