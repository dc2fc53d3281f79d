#!/usr/bin/env bash
# up.sh - bring up a real, throwaway WordPress (Debian's package) on loopback,
# seeded with ~20 wellbeing/relationships posts, for testing zo-reader's
# WordPress source against the real REST API. Adapted from a reference setup;
# see README.md, "Tests against a real WordPress".
#
#   bash scripts/wordpress/up.sh            # as root the first time (apt-get install)
#   bash scripts/wordpress/down.sh          # stops only what up.sh started (PID files)
#   bash scripts/wordpress/down.sh --purge  # ... and deletes the state directory
#
# Environment (all optional):
#   ZO_READER_WP_DIR          state directory (default /tmp/zo-reader-wp)
#   ZO_READER_WP_PORT         HTTP port on 127.0.0.1 (default 8089)
#   ZO_READER_WP_WORKERS      PHP built-in server worker processes (default 4)
#   ZO_READER_WP_EXTRA_POSTS  generated posts on top of the fixture (default 0),
#                             e.g. 1000 for a benchmark site; changing it reseeds
#
# Prints the base URL on its last line and writes $STATE/env (WP_BASE_URL,
# WP_REST_URL, admin credentials and an Application Password).
#
# Idempotent: a second run only checks what exists and (re)starts what is not
# running. Nothing listens on anything but 127.0.0.1: MariaDB uses a Unix
# socket only (--skip-networking), PHP's built-in server binds 127.0.0.1:PORT.
# apt's service autostart is suppressed (policy-rc.d), so the apache2 and
# mariadb system services that come with the packages are never started.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${ZO_READER_WP_DIR:-/tmp/zo-reader-wp}"
PORT="${ZO_READER_WP_PORT:-8089}"
WORKERS="${ZO_READER_WP_WORKERS:-4}"
EXTRA="${ZO_READER_WP_EXTRA_POSTS:-0}"
HOST=127.0.0.1
BASE="http://$HOST:$PORT"
RUN="$STATE/run"
LOG="$STATE/log"
DATA="$STATE/mysql"
DOCROOT="$STATE/wp"
SOCK="$RUN/mysqld.sock"
WPSRC=/usr/share/wordpress
PKGS=(wordpress wordpress-theme-twentytwentythree mariadb-server mariadb-client
      php-cli php-mysql php-mbstring php-xml php-gd curl)

T0=$(date +%s%N)
say() { printf '[up %6.1fs] %s\n' "$(( ($(date +%s%N) - T0) / 1000000 ))e-3" "$*"; }
die() { echo "up.sh: $*" >&2; exit 1; }

# alive NAME PIDFILE: true if PIDFILE names a live process whose command line contains NAME
alive() {
  local pid
  [ -s "$2" ] || return 1
  pid=$(cat "$2")
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$1"
}

case "$PORT$WORKERS$EXTRA" in
  *[!0-9]*) die "ZO_READER_WP_PORT, _WORKERS and _EXTRA_POSTS must be whole numbers" ;;
esac
mkdir -p "$RUN" "$LOG"

# --- 1. packages -------------------------------------------------------------
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
  say "apt-get install ${missing[*]} (log: $LOG/apt.log)"
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # keep apt from starting apache2/mariadb system services on 0.0.0.0
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$LOG/apt.log" 2>&1; then
    say "install failed; running apt-get update and retrying"
    apt-get update -q >>"$LOG/apt.log" 2>&1
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$LOG/apt.log" 2>&1 \
      || die "apt-get install failed, see $LOG/apt.log"
  fi
  if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  say "packages installed"
else
  say "packages already installed"
fi

# --- 2. a private copy of WordPress with our own wp-config.php ----------------
# Debian's /usr/share/wordpress/wp-config.php reads /etc/wordpress/config-HOST.php;
# a dereferenced copy keeps everything (config, wp-content, uploads) in $STATE.
WPVER=$(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$WPSRC/wp-includes/version.php")
if [ "$(cat "$DOCROOT/.zo-reader-wp-version" 2>/dev/null)" != "$WPVER" ]; then
  say "copying WordPress $WPVER to $DOCROOT"
  rm -rf "$DOCROOT.tmp"
  cp -rL "$WPSRC" "$DOCROOT.tmp"
  [ -d "$DOCROOT/wp-content/uploads" ] && cp -a "$DOCROOT/wp-content/uploads" "$DOCROOT.tmp/wp-content/"
  rm -rf "$DOCROOT"
  mv "$DOCROOT.tmp" "$DOCROOT"
  echo "$WPVER" >"$DOCROOT/.zo-reader-wp-version"
fi
mkdir -p "$DOCROOT/wp-content/uploads" "$DOCROOT/wp-content/mu-plugins"
cat >"$DOCROOT/wp-config.php" <<EOF
<?php
// Written by up.sh: throwaway test site, not for production.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'zo-reader-wp');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'wp_';
foreach (['AUTH_KEY','SECURE_AUTH_KEY','LOGGED_IN_KEY','NONCE_KEY',
          'AUTH_SALT','SECURE_AUTH_SALT','LOGGED_IN_SALT','NONCE_SALT'] as \$k) {
    define(\$k, 'zo-reader-wp-not-secret-' . \$k);
}
define('WP_HOME', '$BASE');
define('WP_SITEURL', '$BASE');
define('WP_ENVIRONMENT_TYPE', 'local');   // also enables Application Passwords over http
define('DISABLE_WP_CRON', true);           // no loopback cron requests
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_HTTP_BLOCK_EXTERNAL', true);    // no internet here: fail fast instead of timing out
define('FS_METHOD', 'direct');
define('WP_DEBUG', false);
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
EOF
cp "$HERE/mu-plugin.php" "$DOCROOT/wp-content/mu-plugins/zo-reader-wp.php"
# the server runs the copy, so it keeps working if this checkout moves or goes away
cp "$HERE/router.php" "$STATE/router.php"

# --- 3. MariaDB: a private instance, Unix socket only ----------------------------
OSUSER=$(id -un)
if [ ! -d "$DATA/mysql" ]; then
  say "initialising MariaDB data directory"
  rm -rf "$DATA"
  mariadb-install-db --no-defaults --user="$OSUSER" --datadir="$DATA" \
    --auth-root-authentication-method=socket --skip-test-db >"$LOG/mariadb-install.log" 2>&1 \
    || die "mariadb-install-db failed, see $LOG/mariadb-install.log"
fi
if alive mariadbd "$RUN/mariadbd.pid"; then
  say "MariaDB already running (pid $(cat "$RUN/mariadbd.pid"))"
else
  rm -f "$SOCK"
  setsid mariadbd --no-defaults --user="$OSUSER" --datadir="$DATA" --socket="$SOCK" \
    --pid-file="$DATA/mariadbd.pid" --skip-networking --log-error="$LOG/mariadb.err" \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --skip-log-bin \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$RUN/mariadbd.pid"
  for _ in $(seq 1 150); do
    mariadb-admin --no-defaults --socket="$SOCK" -u"$OSUSER" ping >/dev/null 2>&1 && break
    alive mariadbd "$RUN/mariadbd.pid" || die "mariadbd exited, see $LOG/mariadb.err"
    sleep 0.2
  done
  mariadb-admin --no-defaults --socket="$SOCK" -u"$OSUSER" ping >/dev/null 2>&1 \
    || die "MariaDB did not come up, see $LOG/mariadb.err"
  say "MariaDB started (pid $(cat "$RUN/mariadbd.pid"), socket only)"
fi
mariadb --no-defaults --socket="$SOCK" -u"$OSUSER" <<'SQL'
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'zo-reader-wp';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wp'@'localhost';
SQL

# --- 4. install WordPress and seed content (both skip work already done) ---------
php "$HERE/seed.php" "$DOCROOT" "$BASE" install "$STATE"
php "$HERE/seed.php" "$DOCROOT" "$BASE" content "$STATE" "$EXTRA"
say "WordPress installed and seeded"

# --- 5. PHP built-in server on 127.0.0.1:PORT ----------------------------------
if alive "$HOST:$PORT" "$RUN/php-server.pid"; then
  say "PHP server already running (pid $(cat "$RUN/php-server.pid"))"
elif alive "-S $HOST:" "$RUN/php-server.pid"; then
  die "the PHP server of $STATE listens on another port; stop it first with down.sh"
else
  if curl -s -o /dev/null --max-time 2 "$BASE/"; then
    die "something else already answers on $BASE"
  fi
  (
    cd "$DOCROOT"
    PHP_CLI_SERVER_WORKERS="$WORKERS" exec setsid php \
      -d opcache.enable_cli=1 -d opcache.memory_consumption=64 \
      -d memory_limit=256M -d display_errors=stderr \
      -S "$HOST:$PORT" -t "$DOCROOT" "$STATE/router.php" \
      </dev/null >>"$LOG/php-server.log" 2>&1
  ) &
  echo $! >"$RUN/php-server.pid"
  say "PHP server starting (pid $(cat "$RUN/php-server.pid"), $WORKERS workers)"
fi
for _ in $(seq 1 100); do
  curl -fs -o /dev/null --max-time 5 "$BASE/wp-json/wp/v2/posts?per_page=1" 2>/dev/null && break
  alive "$HOST:$PORT" "$RUN/php-server.pid" || die "PHP server exited, see $LOG/php-server.log"
  sleep 0.2
done
total=$(curl -fsS -D - -o /dev/null "$BASE/wp-json/wp/v2/posts?per_page=1" | tr -d '\r' \
        | sed -n 's/^[Xx]-[Ww][Pp]-[Tt]otal: //p')
[ -n "$total" ] || die "REST API not answering at $BASE/wp-json/, see $LOG/php-server.log"

cat >"$STATE/env" <<EOF
WP_BASE_URL=$BASE
WP_REST_URL=$BASE/wp-json/wp/v2
WP_ADMIN_USER=admin
WP_ADMIN_PASSWORD=zo-reader-wp-admin
WP_APP_PASSWORD=$(cat "$STATE/app-password" 2>/dev/null || true)
EOF
say "ready: $total published posts; credentials in $STATE/env"
echo "$BASE"
