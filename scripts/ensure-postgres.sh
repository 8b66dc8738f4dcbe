#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the tests: DATABASE_URL if set; else the local server on
# 127.0.0.1:5432 (started if it is installed but down, installed from Debian's packages if missing).
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then
  echo "postgres: using DATABASE_URL"; exit 0
fi
answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if command -v pg_isready >/dev/null && answers; then echo "postgres: running on 127.0.0.1:5432"; exit 0; fi
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "postgres: installing from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  version=$(ls /etc/postgresql | sort -V | tail -1)
  sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" /etc/postgresql/$version/main/postgresql.conf
  for f in /etc/postgresql/$version/main/pg_hba.conf; do
    sed -i -E 's/^(local|host)(\s+all\s+all\s+.*)\s(peer|scram-sha-256|md5)$/\1\2 trust/' "$f"
  done
fi
echo "postgres: starting"
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
for _ in $(seq 1 30); do answers && break; sleep 1; done
answers || { echo "postgres: does not answer on 127.0.0.1:5432" >&2; exit 1; }
psql -h 127.0.0.1 -U postgres -tc "select 1 from pg_database where datname = 'test'" | grep -q 1 || psql -h 127.0.0.1 -U postgres -c 'create database test'
echo "postgres: running on 127.0.0.1:5432"
