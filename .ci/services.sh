# Throwaway servers for the engine-backend tests. Source this file, then:
#
#   services_install     # apt-get the PostgreSQL server, pip-install the extras (psycopg, pyspark)
#   postgres_start       # a private cluster in a temp dir, on a Unix socket only; exports
#                        # OBC_TEST_POSTGRES_DSN
#   spark_check          # Spark local mode needs Java 17; exports OBC_TEST_SPARK=local[2]
#   postgres_stop        # stops the cluster and deletes its files (safe to call twice)
#   chromium_install     # apt-get Debian's Chromium for the reports' axe-core check
#
# Nothing listens on a network port: the server's socket lives in its own temporary
# directory, and only that directory's owner (root or postgres) can reach it. Runs as
# root (CI); the server itself runs as the `postgres` user the Debian package creates.

services_install() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    .venv/bin/python -m pip install --quiet -e '.[postgres,spark]'
}

postgres_start() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    OBC_PG_DIR=$(mktemp -d /tmp/obc-pg.XXXXXX)
    chown postgres: "$OBC_PG_DIR"
    chmod 700 "$OBC_PG_DIR"
    su postgres -s /bin/sh -c "'$bin/initdb' -D '$OBC_PG_DIR/data' -A trust -U postgres \
        -E UTF8 --locale=C.UTF-8 >'$OBC_PG_DIR/initdb.log' 2>&1"
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$OBC_PG_DIR/data' -l '$OBC_PG_DIR/server.log' \
        -o \"-c listen_addresses='' -k '$OBC_PG_DIR' -p 54329 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off\" -w start >/dev/null"
    export OBC_PG_DIR
    export OBC_TEST_POSTGRES_DSN="postgresql://postgres@/postgres?host=$OBC_PG_DIR&port=54329"
}

postgres_stop() {
    local bin
    [ -n "${OBC_PG_DIR:-}" ] && [ -d "$OBC_PG_DIR/data" ] || return 0
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$OBC_PG_DIR/data' -m fast -w stop >/dev/null" \
        || true
    rm -rf "$OBC_PG_DIR"
    unset OBC_PG_DIR OBC_TEST_POSTGRES_DSN
}

spark_check() {
    if ! java -version 2>&1 | grep -q 'version "17'; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    fi
    java -version 2>&1 | grep -q 'version "17' || {
        echo "Spark tests need Java 17 (found: $(java -version 2>&1 | head -1))" >&2
        return 1
    }
    export OBC_TEST_SPARK='local[2]'
}

# The reports' accessibility check (tests/reports/test_render.py) runs the vendored axe-core
# in Debian's Chromium through Playwright's Python package (a dev dependency). Playwright never
# downloads a browser of its own: it is given /usr/bin/chromium.
chromium_install() {
    if [ ! -x /usr/bin/chromium ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
}
