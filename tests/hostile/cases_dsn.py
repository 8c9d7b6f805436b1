"""Connection strings with a password, in every shape the issue met and more: the password
must reach no message, file or log, and a malformed one must give a clear error.

The unreachable ones point at port 1 of this machine, which refuses at once.
"""

from __future__ import annotations

from tests.hostile.corpus import Case, Workspace

NOWHERE = "127.0.0.1:1"
MONITOR = ["monitor", "{rulesets}/continence.obc", "--out", "{root}/out", "--data"]


def _postgres(id: str, dsn: str, secrets: list[str], message: str = "cannot connect"
              ) -> Case:
    return Case(f"dsn-{id}", [*MONITOR, dsn, "--engine", "postgres"], exit=2,
                message=message, secrets=secrets)


def _warehouse(workspace: Workspace) -> dict[str, str]:
    """The continence sample data in the case's schema, obc.toml mapping it, and the
    server's DSN with a password in it (the test server trusts local users, so it
    connects)."""
    import psycopg

    from tests.engine.warehouse_data import load_arrow

    assert workspace.pg_dsn is not None
    mapping = []
    with psycopg.connect(workspace.pg_dsn, autocommit=True) as connection:
        for table, data in workspace.sample("continence").items():
            load_arrow(connection, f"{workspace.pg_schema}.{table}", data)
            mapping.append(f'[tables.{table}]\ntable = "{workspace.pg_schema}.{table}"\n'
                           'row = "_obc_row"\n')
    workspace.write("obc.toml", "\n".join(mapping))
    return {"pgpw": workspace.pg_dsn.replace("postgres@", "postgres:S3cretOK9@", 1)}


CASES = [
    _postgres("url", f"postgresql://obc:S3cretA1@{NOWHERE}/returns", ["S3cretA1"]),
    _postgres("url-short-scheme", f"postgres://obc:S3cretA2@{NOWHERE}/returns", ["S3cretA2"]),
    _postgres("url-upper-case-scheme", f"POSTGRESQL://obc:S3cretA3@{NOWHERE}/returns",
              ["S3cretA3"]),
    _postgres("url-mixed-case-scheme-and-query",
              f"PostgreSQL://obc:S3cretA4@{NOWHERE}/returns?sslmode=disable", ["S3cretA4"]),
    _postgres("keywords", "host=127.0.0.1 port=1 user=obc password=S3cretA5 dbname=returns",
              ["S3cretA5"]),
    _postgres("keywords-quoted-with-spaces",
              "host=127.0.0.1 port=1 password='S3 cret A6' dbname=returns", ["S3 cret A6"]),
    _postgres("keywords-spaced-equals", "host=127.0.0.1 port=1 password = S3cretA7",
              ["S3cretA7"]),
    _postgres("keywords-unterminated-quote", "host=127.0.0.1 port=1 password='S3cr\\'etA8",
              ["S3cr\\'etA8", "S3cr'etA8"]),
    _postgres("url-password-in-query",
              f"postgresql://{NOWHERE}/returns?user=obc&password=S3cretA9", ["S3cretA9"]),
    _postgres("url-bad-percent-encoding", f"postgresql://obc:S3cr%zzB0@{NOWHERE}/returns",
              ["S3cr%zzB0", "zzB0"], message="percent-encode it"),
    _postgres("url-unencoded-slash", f"postgresql://obc:S3cr/etB1@{NOWHERE}/returns",
              ["S3cr/etB1", "etB1"], message="percent-encode it"),
    _postgres("url-unencoded-hash", f"postgresql://obc:S3cr#etB2@{NOWHERE}/returns",
              ["S3cr#etB2", "etB2"], message="percent-encode it"),
    _postgres("url-unencoded-at", f"postgresql://obc:S3cr@etB3@{NOWHERE}/returns",
              ["S3cr@etB3", "etB3"], message="percent-encode it"),
    _postgres("url-unencoded-question-mark", f"postgresql://obc:S3cr?etB4@{NOWHERE}/returns",
              ["S3cr?etB4", "etB4"], message="percent-encode it"),
    _postgres("url-encoded-at", f"postgresql://obc:S3cr%40etB5@{NOWHERE}/returns",
              ["S3cr%40etB5", "S3cr@etB5"]),
    _postgres("url-port-not-a-number", "postgresql://obc:S3cretB6@127.0.0.1:five/returns",
              ["S3cretB6"], message="the port 'five' is not a number"),
    _postgres("url-unclosed-ipv6", "postgresql://obc:S3cretB7@[::1/returns", ["S3cretB7"],
              message="an IPv6 address opened with [ is not closed with ]"),
    _postgres("url-ipv6", "postgresql://obc:S3cretB8@[::1]:1/returns", ["S3cretB8"]),
    _postgres("url-several-hosts", "postgresql://obc:S3cretB9@127.0.0.1:1,127.0.0.1:2/r",
              ["S3cretB9"]),
    _postgres("url-no-user", f"postgresql://:S3cretC0@{NOWHERE}/returns", ["S3cretC0"]),
    _postgres("keywords-ssl-password", "host=127.0.0.1 port=1 sslpassword=S3cretC1",
              ["S3cretC1"]),
    Case("dsn-url-to-duckdb", [*MONITOR, "postgresql://obc:S3cretC2@db.example/returns"],
         exit=2, message="--engine duckdb reads a folder of files, not "
         "postgresql://obc@db.example/returns", secrets=["S3cretC2"]),
    Case("dsn-keywords-to-duckdb", [*MONITOR, "host=db password=S3cretC3"], exit=2,
         message="--engine duckdb reads a folder", secrets=["S3cretC3"]),
    Case("dsn-url-to-spark", [*MONITOR, "postgresql://obc:S3cretC4@db.example/returns",
                              "--engine", "spark"],
         exit=2, message="for a PostgreSQL database use --engine postgres",
         secrets=["S3cretC4"]),
    Case("dsn-object-store-credentials-to-spark",
         [*MONITOR, "s3a://AKIAEXAMPLE:S3cretC5@bucket/returns", "--engine", "spark"],
         exit=2, message="holds a password, which Spark would write in its logs",
         secrets=["S3cretC5"]),
    Case("dsn-object-store-credentials-in-obc-toml-to-spark",
         [*MONITOR, "{root}/data", "--engine", "spark"], exit=2,
         message="obc.toml's [tables.people]: s3a://k@bucket/people holds a password",
         setup=lambda w: (w.write("obc.toml", '[tables.people]\n'
                                  'table = "s3a://k:S3cretC6@bucket/people"\n'), None)[1],
         secrets=["S3cretC6"]),
    Case("dsn-password-through-to-a-real-server",
         [*MONITOR, "{pgpw}", "--engine", "postgres", "--html"], exit=0,
         message="wrote", setup=_warehouse, needs="postgres", secrets=["S3cretOK9"]),
    Case("dsn-pgpassword-in-a-crash-free-failure",
         [*MONITOR, f"postgresql://obc@{NOWHERE}/returns", "--engine", "postgres"], exit=2,
         message="cannot connect", env={"PGPASSWORD": "S3cretC7"}, secrets=["S3cretC7"]),
]
