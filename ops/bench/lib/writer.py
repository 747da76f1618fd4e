#!/usr/bin/env python3
"""The benchmarks' writer: while the public pages are measured, changes what they show at a
steady trickle through the API, as the authority would on a working day — decides programmes
the generator left awaiting their decision (their awards join the honour list), publishes
them, and revokes existing awards. Every write invalidates what a cache holds of the list.

Usage: writer.py BASE_URL STORE_DIR [EVENTS_PER_S]   (runs until SIGTERM/SIGINT, then prints
`writer: events=<n> decisions=<n> awards=<n> revocations=<n> errors=<n> seconds=<n>`)

Events are counted from the answers: a decision is its DecisionMade plus one AwardConferred
per award (and the phase move), a revocation one AwardRevoked."""
import json
import os
import random
import signal
import sys
import time
import urllib.error
import urllib.request

base, store = sys.argv[1], sys.argv[2]
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
gen = json.load(open(os.path.join(store, "generated.json")))
awards = [a for a in open(os.path.join(store, "awards.txt")).read().split() if a]
revoked = set()
for p in gen["programmes"]:
    revoked.update(p.get("revoked", []))
pending = [p["id"] for p in gen["programmes"] if p["stop"] == "deciding"]
rng = random.Random(13)
rng.shuffle(awards)
stats = {"events": 0, "decisions": 0, "awards": 0, "revocations": 0, "errors": 0}
started = time.monotonic()
stop = False


def on_signal(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)


def call(method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def sign_in(email):
    status, body = call("POST", "/api/v1/session", body={"email": email, "password": gen["password"]})
    if status != 200:
        sys.exit(f"writer: cannot sign in as {email}: {status} {body}")
    return body["token"]


admin = sign_in(gen["admin"]["email"])
authority = sign_in(gen["authority"]["email"])
decision_events = 0.0
revocation_events = 0.0
grounds = ["false_dossier", "later_violation", "fraudulent_claim", "unlawful_review"]
n = 0
while not stop:
    elapsed = time.monotonic() - started
    budget = elapsed * rate
    n += 1
    # Four fifths of the events from decisions while programmes are left, the rest revocations.
    if pending and decision_events < budget * 0.8:
        pid = pending.pop()
        status, body = call("POST", f"/api/v1/programmes/{pid}/decision", authority,
                            {"decision_no": f"{9000 + n}/QĐ-BKHCN", "decided_on": "2026-11-20",
                             "signer": "Bộ trưởng Bộ Khoa học và Công nghệ"})
        if status != 200:
            stats["errors"] += 1
            continue
        made = len(body.get("awards", []))
        status, _ = call("POST", f"/api/v1/programmes/{pid}/phase", admin, {"phase": "published"})
        stats["errors"] += status != 200
        events = 1 + made + (status == 200)
        decision_events += events
        stats["events"] += events
        stats["decisions"] += 1
        stats["awards"] += made
    elif awards and decision_events + revocation_events < budget:
        award = awards.pop()
        if award in revoked:
            continue
        status, _ = call("POST", f"/api/v1/awards/{award}/revocation", authority,
                         {"ground": rng.choice(grounds), "decision_no": f"{n}/QĐ-BKHCN-TH",
                          "decided_on": "2026-11-25", "note": "Thu hồi theo kết luận thanh tra."})
        if status != 200:
            stats["errors"] += 1
            continue
        revoked.add(award)
        revocation_events += 1
        stats["events"] += 1
        stats["revocations"] += 1
    else:
        time.sleep(0.02)

seconds = time.monotonic() - started
print("writer: " + " ".join(f"{k}={v}" for k, v in stats.items()) + f" seconds={seconds:.0f}"
      + f" events_per_s={stats['events'] / max(seconds, 0.001):.1f}", flush=True)
