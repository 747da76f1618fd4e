#!/usr/bin/env python3
"""Panel members scoring while the API benchmark writes: each member of the programme's panel
re-scores the nominations of a programme in reviewing (PUT /api/v1/nominations/{id}/score),
a different sheet every time so each is a real write, at RATE sheets/s in all, until
SIGTERM/SIGINT; then prints `scorer: sheets=<n> not2xx=<n> p99_ms=<n> seconds=<n>`.
Usage: score.py BASE_URL STORE_DIR [RATE]"""
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request

base, store = sys.argv[1], sys.argv[2]
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 50.0
gen = json.load(open(os.path.join(store, "generated.json")))
prog = next(p for p in gen["programmes"] if p["stop"] == "reviewing")
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
lock = threading.Lock()
stats = {"sheets": 0, "not2xx": 0}
latencies = []


def call(method, path, token, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def member(email, k, members):
    status, body = call("POST", "/api/v1/session", None, {"email": email, "password": gen["password"]})
    if status != 200:
        sys.exit(f"scorer: cannot sign in as {email}: {status}")
    token = json.loads(body)["token"]
    every = members / rate
    n = 0
    while not stop.is_set():
        nid = prog["nominations"][(n * members + k) % len(prog["nominations"])]
        sheet = {key: (n + i + k) % 11 for i, key in enumerate(prog["criteria"])}
        started = time.monotonic()
        status, body = call("PUT", f"/api/v1/nominations/{nid}/score", token,
                            {"scores": sheet, "comment": f"Lượt chấm {n}"})
        took = time.monotonic() - started
        with lock:
            latencies.append(took)
            stats["sheets"] += 200 <= status < 300
            if not 200 <= status < 300:
                stats["not2xx"] += 1
                if stats["not2xx"] <= 3:
                    sys.stderr.write(f"scorer: {status} {body[:300]!r}\n")
        n += 1
        stop.wait(max(0.0, every - took))


started = time.monotonic()
threads = [threading.Thread(target=member, args=(e, k, len(prog["panel"])))
           for k, e in enumerate(prog["panel"])]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0
print(f"scorer: sheets={stats['sheets']} not2xx={stats['not2xx']} p99_ms={p99:.1f} "
      f"seconds={time.monotonic() - started:.0f}", flush=True)
