#!/usr/bin/env bash
# A throwaway PostgreSQL server for the shared-register tests (issue 17), Debian's package.
#   source scripts/postgresql-for-tests.sh    # installs if needed, starts, exports the URL
# It runs as an unprivileged user, listens on loopback only, lives in a temporary folder and
# is stopped (and the folder removed) when the sourcing shell exits. Exports
# MLA_WRITER_TEST_POSTGRESQL=postgresql://mla@127.0.0.1:PORT/register_test
# Only the shared register and its tests need PostgreSQL; the program itself does not.

_pg_bin() { { ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -n 1; }

if [ -z "$(_pg_bin)" ]; then
  _sudo=""; [ "$(id -u)" -ne 0 ] && _sudo="sudo"
  echo "postgresql: installing Debian's postgresql package"
  $_sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $_sudo apt-get install -y -qq --no-install-recommends \
    postgresql >/dev/null
  # the package's own cluster is not needed: ours is private to this run
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do
      $_sudo pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true
    done
  fi
fi
_PG_BIN="$(_pg_bin)"
PG_TEST_DIR="$(mktemp -d /tmp/mla-pg.XXXXXX)"
chmod 755 "$PG_TEST_DIR"
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the server runs as nobody
  chown nobody "$PG_TEST_DIR"
  _pg_as() { runuser -u nobody -- "$@"; }
else
  _pg_as() { "$@"; }
fi
_pg_as "$_PG_BIN/initdb" -D "$PG_TEST_DIR/data" -U mla --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$PG_TEST_DIR/initdb.log" 2>&1 || { cat "$PG_TEST_DIR/initdb.log"; return 1 2>/dev/null || exit 1; }
# a free port on loopback: try a few random ones
_pg_started=""
for _try in 1 2 3 4 5 6 7 8; do
  _PG_PORT=$(( 20000 + RANDOM % 40000 ))
  if _pg_as "$_PG_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $_PG_PORT -k $PG_TEST_DIR -c fsync=off" start \
      >/dev/null 2>&1; then
    _pg_started=1
    break
  fi
done
if [ -z "$_pg_started" ]; then
  cat "$PG_TEST_DIR/server.log"
  return 1 2>/dev/null || exit 1
fi
_pg_as "$_PG_BIN/createdb" -h 127.0.0.1 -p "$_PG_PORT" -U mla register_test
export MLA_WRITER_TEST_POSTGRESQL="postgresql://mla@127.0.0.1:$_PG_PORT/register_test"
_pg_stop() {
  _pg_as "$_PG_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
trap _pg_stop EXIT
echo "postgresql: test server on 127.0.0.1:$_PG_PORT ($("$_PG_BIN/postgres" --version))"
