#!/usr/bin/env bash
# Runs chat_bench's scenarios against chatd and then against a plain Node `ws`
# broadcast server (tests/bench/peer) on the same machine, and prints a table
# of both with their ratio. Loopback only; the servers are killed on exit.
#
#   scripts/bench.sh [--scale S] [--seconds S] [--keep]
#
# --scale (env CHATD_BENCH_SCALE, default 1) multiplies the connection counts:
# 1 finishes in a few minutes; 4 is the issue's targets (fanout 1,000
# receivers and 10 senders, idle 10,000), and STORM_N=10000 the 10,000-client
# join storm. --seconds (CHATD_BENCH_SECONDS, default 5) is each run's sending
# time. The server runs on core 0, chat_bench on core 1 (taskset), so on a
# 2-core machine they do not compete; chat_bench warns when its own core was
# near full, as its figures are then its own limit, not the server's.
# --keep keeps the working directory (configs, logs, the JSON lines).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=${CHATD_BENCH_SCALE:-1}
seconds=${CHATD_BENCH_SECONDS:-5}
keep=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) scale=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: scripts/bench.sh [--scale S] [--seconds S] [--keep]" >&2; exit 2 ;;
  esac
done
n() { python3 -c "import sys; print(max(1, int(float(sys.argv[1]) * float(sys.argv[2]))))" "$1" "$scale"; }
FANOUT_N=${FANOUT_N:-$(n 250)}
ROOMS_N=${ROOMS_N:-$(n 1000)}
STORM_N=${STORM_N:-$(n 1000)}
IDLE_N=${IDLE_N:-$(n 2500)}
# Enough concurrent cycles that the server, not a round trip, bounds the rate.
CHURN_WORKERS=${CHURN_WORKERS:-64}
# Durable writes: chatd stores one message per connection at a time, so the
# senders bound what a group commit can hold.
HISTORY_SENDERS=${HISTORY_SENDERS:-$(n 100)}
# chatd stores every room message before delivering it, the peer stores
# nothing: "full" (as shipped) syncs each group commit to disk, "normal" shows
# what the disk's share of that is (CHATD_BENCH_SYNC=normal).
HISTORY_SYNC=${CHATD_BENCH_SYNC:-full}
# The rated fanout run: messages per second, all 10 senders together, chosen
# so that both servers keep up at scale 1 (latency, not capacity).
FANOUT_RATE=${FANOUT_RATE:-100}

build=build/bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHATD_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target chatd rooms history auth moderation chat_bench
(cd tests/bench/peer && npm ci --no-audit --no-fund --silent)

# Every connection is a descriptor, on both sides.
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/chatd-bench.XXXXXX)
server_pid=
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}
cleanup() {
  stop_server
  if [[ $keep == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits for the server's "listening" line and prints the port from it.
wait_for_port() {
  local log=$1
  for _ in $(seq 300); do
    if port=$(grep -o 'listening on ws://127\.0\.0\.1:[0-9]*' "$log" | grep -o '[0-9]*$'); then
      echo "$port"; return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start; its log:" >&2; cat "$log" >&2; return 1
}

# What a chat server as a benchmark wants: every core plugin loaded, limits
# that a load generator on one address would trip lifted, and the automatic
# join into the default room refused (a room only admins may join), because
# every connection joining one lobby is a join storm of its own in every
# scenario: N joins tell N²/2 presence frames.
cat > "$work/chatd-bench.toml" <<TOML
[server]
host = "127.0.0.1"
port = 0
path = "/chat"
max_connections = 100000
max_connections_per_address = 100000
max_handshakes_per_address = 100000
rate_limit_per_second = 1000000.0
rate_limit_burst = 1000000
log_level = "info"  # the "listening on" line gives the port
io_threads = 1      # one core, one event loop: the figures compare one core with node's one

[plugins]
dir = "$PWD/$build/lib/chatd/plugins"
pipeline = ["rooms"]

[plugins.auth]
mode = "open"
database = "$work/auth.db"
room_permissions = ["bench-lobby join=admin"]

[plugins.rooms]
default_room = "bench-lobby"
database = "$work/rooms.db"

[plugins.history]
database = "$work/history.db"
synchronous = "$HISTORY_SYNC"

[plugins.moderation]
database = "$work/moderation.db"
TOML

bench=("$PWD/$build/tests/bench/chat_bench")
# On a shared machine a single-threaded server (node) gets a smaller share of
# a contended core than a server with several threads (chatd): the scheduler
# is fair per thread. At nice -10 (root only) both run ahead of whatever else
# the machine does, as on machines of their own; the "per server CPU-s"
# figures compare them even when that is not possible.
prio=
if [[ $(id -u) == 0 ]]; then prio="nice -n -10"; fi
run() { # run OUT PROTOCOL URL ARGS...: one chat_bench run on core 1, its JSON appended to OUT
  local out=$1 protocol=$2 url=$3; shift 3
  echo "  $protocol $*" >&2
  $prio taskset -c 1 "${bench[@]}" --protocol "$protocol" --url "$url" --server-pid "$server_pid" \
    --quiet-wait --seconds "$seconds" "$@" >>"$out" || echo "  (failed: $?)" >&2
}
half_peak_rate() { # half_peak_rate OUT: messages/s for half the closed-loop fanout's deliveries/s
  python3 - "$1" "$FANOUT_N" <<'PY'
import json, sys
rate = 0
for line in open(sys.argv[1]):
    if line.startswith("{"):
        report = json.loads(line)
        if report.get("label") == "fanout-closed":
            rate = report.get("deliveries_per_s", 0) / int(sys.argv[2]) / 2
print(max(1, int(rate)))
PY
}
scenarios() { # scenarios OUT PROTOCOL URL
  # Idle first: memory per connection is only clear on a fresh server (a
  # heap grown by an earlier run is reused, and node's grows in steps).
  run "$@" --mode idle --label idle --connections "$IDLE_N" --members 10
  run "$@" --mode fanout --label fanout-closed --connections "$FANOUT_N" --senders 10 --rate 0
  run "$@" --mode fanout --label fanout-rated --connections "$FANOUT_N" --senders 10 --rate "$FANOUT_RATE"
  # Latency at half of this server's own peak: how it does with headroom.
  run "$@" --mode fanout --label fanout-half --connections "$FANOUT_N" --senders 10 --rate "$(half_peak_rate "$1")"
  run "$@" --mode rooms --label rooms --connections "$ROOMS_N" --members 5 --rate 0
  run "$@" --mode join-storm --label join-storm --connections "$STORM_N"
  run "$@" --mode churn --label churn --workers "$CHURN_WORKERS"
}

echo "chatd ($(nproc) cores; server on core 0, chat_bench on core 1)" >&2
$prio taskset -c 0 "$build/host/chatd" --config "$work/chatd-bench.toml" >"$work/chatd.log" 2>&1 &
server_pid=$!
port=$(wait_for_port "$work/chatd.log")
scenarios "$work/chatd.jsonl" chatd "ws://127.0.0.1:$port/chat"
run "$work/chatd.jsonl" chatd "ws://127.0.0.1:$port/chat" --mode history --label history --senders "$HISTORY_SENDERS" --rooms "$((HISTORY_SENDERS / 4))" --window 4 --queries 4 --rate 0
stop_server

echo "node ws peer" >&2
$prio taskset -c 0 node tests/bench/peer/server.js 0 >"$work/peer.log" 2>&1 &
server_pid=$!
port=$(wait_for_port "$work/peer.log")
scenarios "$work/peer.jsonl" raw "ws://127.0.0.1:$port/"
stop_server

python3 scripts/bench_table.py "$work/chatd.jsonl" "$work/peer.jsonl"
