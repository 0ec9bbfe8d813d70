#!/usr/bin/env python3
"""Where a round's time goes, from the nodes' logs: each stored beacon's log line carries
timeline_ms=step:ms,... (RoundEngine/RoundTimeline: ms after the round's time on that node).

usage: bench/latency/timelines.py [--from ROUND] [--to ROUND] node-1.log node-2.log ...

Prints, over every (node, round), percentiles of each stage's duration:
  timer      the tick's thread woke (after the round's time); session 6 on, the engine thread
             waits for the tick itself; before, a timer thread woke and handed it over
  tick       the engine thread ran the tick (after the timer fired; ~0 session 6 on)
  sign       the own partial was ready (signed at the tick, or signed ahead: presigned)
  send       the partial was handed to the peers' gRPC calls
  partials   the (t-1)-th peer partial reached the engine thread (after the round's time)
  recover    combine + verify, after that partial (or after the own partial when later)
  serve      the verified listeners: HTTP waiters answered, event streams (before the fsync;
             logs before session 6 have no "served" step: 0 here, HTTP ran in "publish")
  store      the append, fsync included
  publish    the stored listeners (gRPC streams, metrics, awaitRound; before session 6 HTTP too)
  served     the beacon handed to HTTP, after the round's time (session 6 on; else = total)
  total      the beacon published, after the round's time
  wire       a peer partial from the peer's "sent" to this node's gRPC handler (needs all nodes' logs)
  handoff    a peer partial from the gRPC handler to the engine thread
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
    stages = {k: [] for k in ("timer", "tick", "sign", "send", "partials", "recover", "serve", "store", "publish", "served", "total")}
    presigned = rounds = 0
    sent_at = {}  # (round, sender's group index) -> the sender's "sent"
    arrivals = []  # (round, sender index, at the gRPC handler, on the engine thread)
    for f in files:
        own = set()
        for line in open(f, encoding="utf-8", errors="replace"):
            m = LINE.search(line)
            if not m or not first <= int(m.group(1)) <= last:
                continue
            steps, peers, seen = {}, [], set()
            for item in m.group(3).split(","):
                name, _, value = item.partition(":")
                if name.startswith("p") and name[1:].isdigit():
                    arrived, _, offered = value.partition("/")
                    peers.append(float(offered))
                    seen.add(int(name[1:]))
                    arrivals.append((int(m.group(1)), int(name[1:]), float(arrived), float(offered)))
                elif name not in steps:  # the first of a step (a catch-up may sign twice)
                    steps[name] = float(value)
            if not {"timer", "tick", "sent", "recovered", "stored", "published"} <= steps.keys():
                continue  # a synced round, or a round recovered before this node's own tick
            own.add((int(m.group(1)), frozenset(seen), steps["sent"]))
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
            served = steps.get("served", steps["recovered"])
            stages["serve"].append(served - steps["recovered"])
            stages["store"].append(steps["stored"] - served)
            stages["publish"].append(steps["published"] - steps["stored"])
            stages["served"].append(steps["served"] if "served" in steps else steps["published"])
            stages["total"].append(steps["published"])
        # this node's group index: the one never among its peers' partials
        indices = set().union(*(s for _, s, _ in own)) if own else set()
        if len(indices) >= 2:
            mine = set(range(max(indices) + 2)) - indices
            if len(mine) == 1 or (len(mine) == 2 and max(mine) == max(indices) + 1):
                me = min(mine)
                for r, _, sent in own:
                    sent_at[(r, me)] = sent
    wire, handoff = [], []
    for r, sender, arrived, offered in arrivals:
        handoff.append(offered - arrived)
        if (r, sender) in sent_at:
            wire.append(arrived - sent_at[(r, sender)])
    stages["wire"] = wire  # a peer's "sent" to this node's gRPC handler (both ends' logs given)
    stages["handoff"] = handoff  # gRPC handler to the engine thread
    print(f"{rounds} (node, round) timelines from {len(files)} logs, rounds {first}..{last if last < 1 << 62 else 'end'}"
          f", own partial signed ahead in {presigned}")
    print(f"{'stage':10} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for k, v in stages.items():
        print(f"{k:10} {pct(v, 50):8.1f} {pct(v, 90):8.1f} {pct(v, 99):8.1f} {max(v) if v else float('nan'):8.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
