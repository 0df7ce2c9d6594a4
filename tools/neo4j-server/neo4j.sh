#!/usr/bin/env bash
# A real Neo4j 5 Community server for tests, CI and benchmarks (tools/neo4j-server/README.md).
#   neo4j.sh build          compile the server and fetch its jars (Maven, cached in .cache/m2)
#   neo4j.sh up             build if needed, start in the background, wait until Bolt answers, print the URI
#   neo4j.sh down           stop it (SIGTERM; its data directory is deleted)
#   neo4j.sh env            print `export NEO4J_URI=... NEO4J_HTTP_URI=... NEO4J_USER=... NEO4J_PASSWORD=...` for eval
#   neo4j.sh run CMD...     up, run CMD with those variables set, down (even when CMD fails); CMD's exit code
#   neo4j.sh admin HOME ARGS  neo4j-admin ARGS with NEO4J_HOME=HOME (e.g. `database import full ...` into
#                           HOME/data); start a server on the result with KG_NEO4J_COPY_FROM=HOME
# The password is NEO4J_PASSWORD if set, else a random one made once and kept in .cache/neo4j/password (mode 600);
# it is never printed except by `env`, whose output is meant for eval.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${KG_NEO4J_STATE:-$REPO/.cache/neo4j}"
M2="${KG_MAVEN_REPO:-$REPO/.cache/m2}"
INFO="$STATE/server.info"
PIDFILE="$STATE/server.pid"
LOG="$STATE/server.log"
START_TIMEOUT="${KG_NEO4J_START_TIMEOUT:-600}"  # a loaded 2-core machine can take minutes

die() { echo "neo4j: $*" >&2; exit 1; }

java_bin() {
    if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || die "no java (need Java 17 or 21)"; fi
}

built() {
    local main="$HERE/target/classes/kg/neo4jserver/Main.class"
    [ -f "$main" ] && [ -f "$HERE/target/lib/.complete" ] \
        && [ "$main" -nt "$HERE/pom.xml" ] && [ "$main" -nt "$HERE/src/main/java/kg/neo4jserver/Main.java" ]
}

build() {
    command -v mvn >/dev/null || die "no mvn (Maven 3) on PATH"
    rm -f "$HERE/target/lib/.complete"
    # -q: Maven's download log is thousands of lines; errors still show.
    mvn -B -q -f "$HERE/pom.xml" -Dmaven.repo.local="$M2" compile || die "Maven build failed (see above)"
    touch "$HERE/target/lib/.complete" "$HERE/target/classes/kg/neo4jserver/Main.class"
}

running_pid() {
    [ -f "$PIDFILE" ] || return 1
    local pid
    pid="$(cat "$PIDFILE")"
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

info_value() { sed -n "s/^$1=//p" "$INFO"; }

password() {
    if [ -n "${NEO4J_PASSWORD:-}" ]; then echo "$NEO4J_PASSWORD"; return; fi
    if [ ! -s "$STATE/password" ]; then
        (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$STATE/password")
    fi
    cat "$STATE/password"
}

up() {
    mkdir -p "$STATE"
    if running_pid >/dev/null && [ -f "$INFO" ]; then
        echo "neo4j: already running at $(info_value bolt_uri)"
        return
    fi
    built || build
    rm -f "$INFO"
    local pw
    pw="$(password)"
    # setsid: the server outlives this script (make neo4j-up returns) and a terminal's ^C does not reach it.
    NEO4J_PASSWORD="$pw" setsid "$(java_bin)" ${KG_NEO4J_JAVA_OPTS:--Xmx1g} \
        -cp "$HERE/target/classes:$HERE/target/lib/*" kg.neo4jserver.Main "$INFO" > "$LOG" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    local waited=0
    until [ -f "$INFO" ]; do
        running_pid >/dev/null || { tail -n 30 "$LOG" >&2; die "the server exited while starting (log: $LOG)"; }
        [ "$waited" -lt $((START_TIMEOUT * 2)) ] || { down; die "no answer after ${START_TIMEOUT}s (log: $LOG)"; }
        sleep 0.5
        waited=$((waited + 1))
    done
    local port
    port="$(info_value bolt_uri | sed -E 's#.*:([0-9]+)/?$#\1#')"
    # The info file is written once the password is set; one more check that Bolt takes connections.
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || die "Bolt does not answer on port $port (log: $LOG)"
    echo "neo4j: up at $(info_value bolt_uri) (Browser: $(info_value http_uri)browser/), user neo4j"
}

down() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PIDFILE" "$INFO"
        echo "neo4j: not running"
        return
    fi
    kill -TERM "$pid"
    for _ in $(seq 120); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "neo4j: still running 60s after SIGTERM; killing $pid" >&2
        kill -KILL "$pid"
    fi
    rm -f "$PIDFILE" "$INFO"
    echo "neo4j: stopped"
}

env_lines() {
    running_pid >/dev/null && [ -f "$INFO" ] || die "not running (neo4j.sh up)"
    # Values shell-quoted (%q) first, so that eval sees them as one word each.
    printf 'export NEO4J_URI=%s NEO4J_HTTP_URI=%s NEO4J_USER=neo4j NEO4J_PASSWORD=%s\n' \
        "$(printf %q "$(info_value bolt_uri)")" "$(printf %q "$(info_value http_uri)")" "$(printf %q "$(password)")"
}

run() {
    [ $# -gt 0 ] || die "run: no command"
    up
    trap down EXIT
    local status=0
    NEO4J_URI="$(info_value bolt_uri)" NEO4J_HTTP_URI="$(info_value http_uri)" NEO4J_USER=neo4j NEO4J_PASSWORD="$(password)" "$@" || status=$?
    return "$status"
}

admin() {
    [ $# -ge 2 ] || die "admin: HOME ARGS..."
    local home="$1"
    shift
    built || build
    mkdir -p "$home/conf" "$home/data" "$home/logs"
    [ -f "$home/conf/neo4j.conf" ] || : > "$home/conf/neo4j.conf"
    NEO4J_HOME="$home" NEO4J_CONF="$home/conf" "$(java_bin)" ${KG_NEO4J_JAVA_OPTS:--Xmx1g} \
        -cp "$HERE/target/lib/*" org.neo4j.cli.AdminTool "$@"
}

case "${1:-}" in
    build) build ;;
    up) up ;;
    down) down ;;
    env) env_lines ;;
    run) shift; run "$@" ;;
    admin) shift; admin "$@" ;;
    *) echo "usage: $0 build|up|down|env|run CMD...|admin HOME ARGS..." >&2; exit 2 ;;
esac
