#!/usr/bin/env bash
# down.sh - stop only the processes up.sh started (by the PIDs it stored).
#   bash scripts/wordpress/down.sh          stop PHP server and MariaDB, keep data
#                                           (the next up.sh is quick)
#   bash scripts/wordpress/down.sh --purge  also delete the state directory
#                                           (the next up.sh copies WordPress again)
# Set ZO_READER_WP_DIR as for up.sh; the port is not needed (the PID files say
# which processes belong to that state directory).
set -euo pipefail
STATE="${ZO_READER_WP_DIR:-/tmp/zo-reader-wp}"
RUN="$STATE/run"

# stop NAME PIDFILE PATTERN: TERM the process (and its process group, which up.sh
# made with setsid, e.g. PHP's worker processes) if its command line still matches.
stop() {
  local name=$1 pidfile=$2 pattern=$3 pid pgid
  if [ ! -s "$pidfile" ]; then echo "$name: not started by up.sh"; return 0; fi
  pid=$(cat "$pidfile")
  if ! kill -0 "$pid" 2>/dev/null || ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern"; then
    echo "$name: pid $pid not running (stale pid file)"; rm -f "$pidfile"; return 0
  fi
  pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
  if [ "$pgid" = "$pid" ]; then kill -TERM -- "-$pid"; else kill -TERM "$pid"; fi
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name: pid $pid did not stop after 20s, sending KILL"
    if [ "$pgid" = "$pid" ]; then kill -KILL -- "-$pid"; else kill -KILL "$pid"; fi
  fi
  rm -f "$pidfile"
  echo "$name: stopped pid $pid"
}

stop "PHP server" "$RUN/php-server.pid" "-S 127.0.0.1:"
stop "MariaDB" "$RUN/mariadbd.pid" mariadbd
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$STATE"
  echo "removed $STATE"
fi
