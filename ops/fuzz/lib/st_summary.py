#!/usr/bin/env python3
"""Summarises a schemathesis NDJSON report (ops/fuzz/api): cases run, operations tested, and
failures by check and by operation, with one example message each.

Usage: st_summary.py ROLE REPORT.ndjson   one line for the role, then its failures
       st_summary.py --total SUMMARY        the last line, over every role's line
"""
import base64
import collections
import json
import sys


def answer(interaction):
    """The response's status and problem detail, if any."""
    response = (interaction or {}).get("response") or {}
    status = response.get("status_code")
    text = (response.get("content") or {}).get("$base64")
    detail = ""
    if text:
        try:
            detail = json.loads(base64.b64decode(text)).get("detail", "")
        except (ValueError, AttributeError):
            detail = ""
    return f"{status} {detail}".strip()


def one(role, path):
    cases, operations = 0, set()
    failures = collections.Counter()
    example = {}
    for line in open(path, encoding="utf-8"):
        event = json.loads(line)
        scenario = event.get("ScenarioFinished")
        if not scenario:
            continue
        recorder = scenario["recorder"]
        operations.add(recorder["label"])
        cases += len(recorder.get("cases", {}))
        interactions = recorder.get("interactions", {})
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check.get("status") != "failure":
                    continue
                info = check.get("failure_info", {}).get("failure", {})
                key = (check["name"], info.get("operation") or recorder["label"])
                failures[key] += 1
                message = (info.get("message") or info.get("title") or "").strip()
                if check["name"] == "positive_data_acceptance":
                    message = f"answered {answer(interactions.get(case_id))}"
                example.setdefault(key, message)
    print(f"fuzz: role={role} cases={cases} operations={len(operations)} "
          f"failures={sum(failures.values())} failing_operations={len({op for _, op in failures})}")
    for (check, op), n in sorted(failures.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        message = example[(check, op)].replace("\n", " | ")[:200]
        print(f"  {op}: {check} x{n}: {message}")


def total(path):
    sums = collections.Counter()
    roles = 0
    for line in open(path, encoding="utf-8"):
        if not line.startswith("fuzz: role="):
            continue
        roles += 1
        for part in line.split()[2:]:
            k, v = part.split("=")
            sums[k] += int(v)
    print(f"fuzz: roles={roles} cases={sums['cases']} failures={sums['failures']}")


if __name__ == "__main__":
    if sys.argv[1] == "--total":
        total(sys.argv[2])
    else:
        one(sys.argv[1], sys.argv[2])
