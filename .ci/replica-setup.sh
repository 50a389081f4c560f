#!/usr/bin/env bash
# Issue 17 item 2: a streaming read replica of the local PostgreSQL server, for the replica tests.
#
#   bash .ci/replica-setup.sh [setup]   make it if missing (pg_basebackup -R from the primary), start it, wait until it streams
#   bash .ci/replica-setup.sh start     start it and wait until it streams (the tests restart it after stopping it)
#   bash .ci/replica-setup.sh stop      stop it (the tests check that the app falls back to the primary)
#   bash .ci/replica-setup.sh status    exit 0 when it runs as a streaming standby
#   bash .ci/replica-setup.sh remove    stop it, delete its data directory and drop its replication slot
#
# The primary is the cluster on 127.0.0.1:5432 (.ci/run starts it). The standby is a plain data directory run with
# pg_ctl as the postgres user (not a Debian cluster, so nothing starts it at boot), on 127.0.0.1:$REPLICA_PORT (5433),
# streaming through the physical replication slot mace_replica (so WAL it has not received is kept while it is stopped;
# the primary's max_slot_wal_keep_size caps that at 2 GB should it be left stopped). Idempotent: run it again and it
# only starts what is stopped; a standby that cannot start or stream is made again. Run as root or postgres.
set -uo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
VERSION="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
[ -n "$VERSION" ] || { echo "replica: no PostgreSQL under /etc/postgresql" >&2; exit 1; }
BIN="/usr/lib/postgresql/${VERSION}/bin"
DIR="${REPLICA_DIR:-/var/lib/postgresql/${VERSION}/mace-replica}"
LOG="${REPLICA_LOG:-/var/log/postgresql/mace-replica.log}"
SLOT=mace_replica

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
primary() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAqc "$1"; }
replica() { psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -tAqc "$1" 2>/dev/null; }
running() { [ -f "$DIR/PG_VERSION" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }
streaming() { [ "$(replica "SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')")" = t ]; }

wait_streaming() {
  for _ in $(seq 1 "${1:-60}"); do
    streaming && return 0
    sleep 1
  done
  return 1
}

# The primary: WAL for a standby, a replication entry for 127.0.0.1 in pg_hba.conf, the slot.
prepare_primary() {
  pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" || { echo "replica: the primary on ${PRIMARY_HOST}:${PRIMARY_PORT} is not running" >&2; return 1; }
  local level senders hba
  level="$(primary 'SHOW wal_level')" || return 1
  senders="$(primary 'SHOW max_wal_senders')" || return 1
  if [ "$level" = minimal ] || [ "$senders" -lt 2 ]; then
    echo "replica: the primary has wal_level=${level}, max_wal_senders=${senders}; set wal_level=replica and max_wal_senders>=2 and restart it" >&2
    return 1
  fi
  hba="$(primary 'SHOW hba_file')" || return 1
  if ! grep -Eq "^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32" "$hba"; then
    echo "replica: allowing replication from 127.0.0.1 in $hba"
    printf '\n# Issue 17: the local read replica (.ci/replica-setup.sh)\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
    primary 'SELECT pg_reload_conf()' >/dev/null || return 1
  fi
  # A slot keeps the WAL the standby has not received while it is stopped; this caps what a forgotten one can hold.
  if [ "$(primary 'SHOW max_slot_wal_keep_size')" = -1 ]; then
    primary "ALTER SYSTEM SET max_slot_wal_keep_size = '2GB'" >/dev/null && primary 'SELECT pg_reload_conf()' >/dev/null || return 1
  fi
  primary "SELECT pg_create_physical_replication_slot('${SLOT}') WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '${SLOT}')" >/dev/null || return 1
}

# A fresh standby: the primary's data directory copied by pg_basebackup -R (standby.signal and primary_conninfo written),
# and the files Debian keeps under /etc for a cluster (postgresql.conf, pg_hba.conf) written for this one.
make_standby() {
  echo "replica: pg_basebackup from ${PRIMARY_HOST}:${PRIMARY_PORT} into $DIR"
  as_postgres "$BIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$(dirname "$DIR")" "$(dirname "$LOG")"
  chown postgres:postgres "$(dirname "$DIR")"
  touch "$LOG" && chown postgres:postgres "$LOG"
  as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DIR" -R -X stream -S "$SLOT" -c fast || return 1
  # A hot standby needs these at least as large as the primary's.
  local settings
  settings="$(primary "SELECT string_agg(name || ' = ' || setting, E'\n') FROM pg_settings WHERE name IN
    ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')")" || return 1
  as_postgres tee "$DIR/postgresql.conf" >/dev/null <<EOF
# The MACE read replica (.ci/replica-setup.sh): a hot standby of ${PRIMARY_HOST}:${PRIMARY_PORT}.
listen_addresses = '127.0.0.1'
port = ${REPLICA_PORT}
unix_socket_directories = '/var/run/postgresql'
cluster_name = '${SLOT}'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 32MB
${settings}
EOF
  as_postgres tee "$DIR/pg_hba.conf" >/dev/null <<'EOF'
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_postgres touch "$DIR/pg_ident.conf"
}

start_standby() {
  if ! running; then
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$LOG" -w -t 60 start >/dev/null || return 1
  fi
  wait_streaming 60
}

case "${1:-setup}" in
  setup)
    prepare_primary || exit 1
    if [ -f "$DIR/standby.signal" ] && start_standby; then
      :
    else
      make_standby && start_standby || { echo "replica: the standby did not start streaming; its log:" >&2; tail -n 30 "$LOG" >&2; exit 1; }
    fi
    echo "replica: streaming on 127.0.0.1:${REPLICA_PORT} (DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:${REPLICA_PORT}/test)"
    ;;
  start)
    start_standby || { echo "replica: not streaming; its log:" >&2; tail -n 30 "$LOG" >&2; exit 1; }
    ;;
  stop)
    if running; then
      # A checkpoint on the primary, replayed here, lets the standby's restartpoint move up to it: started again, it
      # replays from there rather than from up to five minutes back (hundreds of MB while the test suites run).
      lsn="$(primary 'CHECKPOINT; SELECT pg_current_wal_lsn()' 2>/dev/null | tail -n 1)"
      for _ in $(seq 1 50); do
        [ "$(replica "SELECT pg_last_wal_replay_lsn() >= '${lsn:-0/0}'::pg_lsn")" = t ] && break
        sleep 0.2
      done
      replica 'CHECKPOINT' >/dev/null || true
      as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null || exit 1
    fi
    ;;
  status)
    streaming
    ;;
  remove)
    running && as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
    rm -rf "$DIR"
    primary "SELECT pg_drop_replication_slot('${SLOT}') FROM pg_replication_slots WHERE slot_name = '${SLOT}'" >/dev/null
    ;;
  *)
    echo "usage: $0 [setup|start|stop|status|remove]" >&2
    exit 2
    ;;
esac
