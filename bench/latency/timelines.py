#!/usr/bin/env python3
"""Where a round's time goes, from the nodes' logs: each stored beacon's log line carries
timeline_ms=step:ms,... (RoundEngine/RoundTimeline: ms after the round's time on that node).

usage: bench/latency/timelines.py [--from ROUND] [--to ROUND] node-1.log node-2.log ...

Prints, over every (node, round), percentiles of each stage's duration:
  timer      the timer thread fired (after the round's time)
  tick       the engine thread ran the tick (after the timer fired)
  sign       the own partial was ready (signed at the tick, or signed ahead: presigned)
  send       the partial was handed to the peers' gRPC calls
  partials   the (t-1)-th peer partial reached the engine thread (after the round's time)
  recover    combine + verify, after that partial (or after the own partial when later)
  store      the append, fsync included
  publish    the listeners (HTTP waiters, streams, metrics)
  total      the beacon published, after the round's time
"""
import re
import sys

LINE = re.compile(r"round=(\d+) lateness_ms=(-?\d+) timeline_ms=(\S+)")


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    i = max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))
    return s[i]


def main(argv):
    first, last, files, threshold = 0, 1 << 62, [], 3
    it = iter(argv)
    for a in it:
        if a == "--from":
            first = int(next(it))
        elif a == "--to":
            last = int(next(it))
        elif a == "--threshold":
            threshold = int(next(it))
        else:
            files.append(a)
    stages = {k: [] for k in ("timer", "tick", "sign", "send", "partials", "recover", "store", "publish", "total")}
    presigned = rounds = 0
    for f in files:
        for line in open(f, encoding="utf-8", errors="replace"):
            m = LINE.search(line)
            if not m or not first <= int(m.group(1)) <= last:
                continue
            steps, peers = {}, []
            for item in m.group(3).split(","):
                name, _, value = item.partition(":")
                if name.startswith("p") and name[1:].isdigit():
                    arrived, _, offered = value.partition("/")
                    peers.append(float(offered))
                elif name not in steps:  # the first of a step (a catch-up may sign twice)
                    steps[name] = float(value)
            if not {"timer", "tick", "sent", "recovered", "stored", "published"} <= steps.keys():
                continue  # a synced round, or a round recovered before this node's own tick
            rounds += 1
            signed = steps.get("presigned", steps.get("signed"))
            presigned += "presigned" in steps
            peers.sort()
            need = peers[threshold - 2] if len(peers) >= threshold - 1 else steps["recovered"]
            stages["timer"].append(steps["timer"])
            stages["tick"].append(steps["tick"] - steps["timer"])
            stages["sign"].append(signed - steps["tick"])
            stages["send"].append(steps["sent"] - signed)
            stages["partials"].append(need)
            stages["recover"].append(steps["recovered"] - max(need, steps["sent"]))
            stages["store"].append(steps["stored"] - steps["recovered"])
            stages["publish"].append(steps["published"] - steps["stored"])
            stages["total"].append(steps["published"])
    print(f"{rounds} (node, round) timelines from {len(files)} logs, rounds {first}..{last if last < 1 << 62 else 'end'}"
          f", own partial signed ahead in {presigned}")
    print(f"{'stage':10} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for k, v in stages.items():
        print(f"{k:10} {pct(v, 50):8.1f} {pct(v, 90):8.1f} {pct(v, 99):8.1f} {max(v) if v else float('nan'):8.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
