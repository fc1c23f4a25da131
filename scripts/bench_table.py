#!/usr/bin/env python3
"""Prints chat_bench's JSON lines from scripts/bench.sh as one table: chatd's
figure, the Node peer's, and chatd / peer. A ratio above 1 is chatd doing more
(or taking longer, for times and memory: the last column says which is better)."""
import json
import sys

# (run label, what, path into the report, "higher" or "lower" is better)
ROWS = [
    ("fanout-closed", "deliveries/s", "deliveries_per_s", "higher"),
    ("fanout-closed", "deliveries per server CPU-s", "per_cpu:deliveries", "higher"),
    ("fanout-closed", "server CPU share (of its core)", "server_cpu_share", "higher"),
    ("fanout-closed", "latency p50 ms", "latency_ms.p50", "lower"),
    ("fanout-closed", "latency p99 ms", "latency_ms.p99", "lower"),
    ("fanout-rated", "latency p50 ms", "latency_ms.p50", "lower"),
    ("fanout-rated", "latency p99 ms", "latency_ms.p99", "lower"),
    ("fanout-rated", "loss", "loss", "lower"),
    ("fanout-rated", "server CPU share", "server_cpu_share", "lower"),
    ("fanout-half", "messages/s (half the closed loop's peak)", "rate", "higher"),
    ("fanout-half", "latency p50 ms", "latency_ms.p50", "lower"),
    ("fanout-half", "latency p99 ms", "latency_ms.p99", "lower"),
    ("fanout-half", "loss", "loss", "lower"),
    ("rooms", "deliveries/s", "deliveries_per_s", "higher"),
    ("rooms", "deliveries per server CPU-s", "per_cpu:deliveries", "higher"),
    ("rooms", "latency p99 ms", "latency_ms.p99", "lower"),
    ("join-storm", "connects/s", "connect_per_s", "higher"),
    ("join-storm", "last upgrade -> all joined ms", "last_upgrade_to_all_joined_ms", "lower"),
    ("join-storm", "last upgrade -> message everywhere ms",
     "last_upgrade_to_message_everywhere_ms", "lower"),
    ("idle", "server RSS bytes/connection", "server_rss_bytes_per_connection", "lower"),
    ("churn", "cycles/s", "cycles_per_s", "higher"),
    ("churn", "cycles per server CPU-s", "per_cpu:cycles", "higher"),
    ("churn", "cycle p99 ms", "cycle_ms.p99", "lower"),
    ("history", "durable writes (acks)/s", "writes.acks_per_s", "higher"),
    ("history", "ack p99 ms", "writes.ack_latency_ms.p99", "lower"),
    ("history", "latest 50 queries/s", "latest50.queries_per_s", "higher"),
    ("history", "latest 50 p99 ms", "latest50.latency_ms.p99", "lower"),
]


def load(path):
    runs = {}
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    report = json.loads(line)
                    runs[report.get("label", report.get("mode"))] = report
    except FileNotFoundError:
        pass
    return runs


def value(report, path):
    if report is None:
        return None
    if path.startswith("per_cpu:"):
        cpu = report.get("server_cpu_s")
        count = report.get(path[len("per_cpu:"):])
        return round(count / cpu) if cpu and count is not None else None
    for key in path.split("."):
        if not isinstance(report, dict) or key not in report:
            return None
        report = report[key]
    return report


def show(v):
    if v is None:
        return "-"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.3f}" if v < 10 else f"{v:,.1f}"
    return f"{int(v):,}"


def main():
    chatd, peer = load(sys.argv[1]), load(sys.argv[2])
    header = ("scenario", "figure", "chatd", "node ws", "chatd/ws", "better")
    rows = []
    for label, what, path, better in ROWS:
        a, b = value(chatd.get(label), path), value(peer.get(label), path)
        ratio = f"{a / b:.2f}" if a is not None and b else "-"
        rows.append((label, what, show(a), show(b), ratio, better))
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
    warnings = [(name, label, w) for name, runs in (("chatd", chatd), ("node ws", peer))
                for label, report in runs.items() for w in report.get("warnings", [])]
    for name, label, w in warnings:
        print(f"warning ({name}, {label}): {w}")


if __name__ == "__main__":
    main()
