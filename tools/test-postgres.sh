#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests.
#
#   tools/test-postgres.sh start DIR   initdb in a new temporary directory, start the server on
#                                      127.0.0.1 with a free port and its unix socket in that
#                                      directory, write the URI to DIR/url and print it
#                                      (LOYALTY_PG_BINDIR: the server's bin directory)
#   tools/test-postgres.sh stop DIR    stop the server DIR/cluster names and delete its directory
#
# Without the server binaries (Debian's postgresql package) `start` fails, and so does every test
# that needs the server: a test that did not run never passes silently.
# The server runs with fsync off: it holds nothing that has to outlive the test run.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
(($# == 2)) || usage
action=$1
dir=$2
mkdir -p "$dir"

# LOYALTY_PG_BINDIR names the server's bin directory; otherwise the newest Debian installs.
bindir=""
if [[ -n ${LOYALTY_PG_BINDIR:-} ]]; then
  candidates=("$LOYALTY_PG_BINDIR")
else
  mapfile -t candidates < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
fi
for candidate in "${candidates[@]}"; do
  if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
    bindir=$candidate
    break
  fi
done

# The server refuses to run as root: as root, it runs as the postgres user (or nobody).
as_owner=()
owner=""
if [[ $(id -u) -eq 0 ]]; then
  if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
  as_owner=(runuser -u "$owner" --)
fi

stop() {
  [[ -f $dir/cluster ]] || return 0
  local cluster
  cluster=$(cat "$dir/cluster")
  rm -f "$dir/url" "$dir/cluster"
  if [[ -n $bindir && -f $cluster/data/postmaster.pid ]]; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  # Only ever a directory this script made.
  [[ $cluster == */loyalty-pg.* ]] && rm -rf "$cluster"
  return 0
}

start() {
  stop  # a server left over from an interrupted run
  if [[ -z $bindir ]]; then
    echo "test-postgres: no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package" \
         "(tools/install-deps.sh does) to run the PostgreSQL tests" >&2
    exit 1
  fi
  local cluster
  cluster=$(mktemp -d "${TMPDIR:-/tmp}/loyalty-pg.XXXXXX")
  echo "$cluster" >"$dir/cluster"
  [[ -z $owner ]] || chown "$owner" "$cluster"
  chmod 700 "$cluster"
  "${as_owner[@]}" "$bindir/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
    >"$cluster/initdb.log" 2>&1 || {
    cat "$cluster/initdb.log" >&2
    exit 1
  }
  local port tries
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 20000))
    # Something answers there: try another.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off \
          -c full_page_writes=off -c max_connections=300" start >/dev/null; then
      local url="postgresql://postgres@127.0.0.1:$port/postgres"
      echo "$url" >"$dir/url"
      echo "$url"
      return 0
    fi
  done
  cat "$cluster/server.log" >&2 || true
  echo "test-postgres: the server did not start" >&2
  exit 1
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
