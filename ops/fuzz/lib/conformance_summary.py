#!/usr/bin/env python3
"""How much of the OpenAPI document's 2xx bodies the e2e API tests exercised and checked.

The tests check every answer against the document (tests/e2e/api/conformance.rs); with
ACCOLADE_CONFORMANCE_LOG=FILE each answer appends `operationId status outcome` to FILE
(outcome: checked; encoded = a compressed body, read by its own test; unchecked = an error
body without a schema; nobody = no JSON body) and the
document is written to FILE.openapi.json. The log is appended to: remove it before a run.

Usage: rm -f /tmp/conf.log; ACCOLADE_CONFORMANCE_LOG=/tmp/conf.log cargo test -p accolade-tests --test e2e -- api::
       conformance_summary.py /tmp/conf.log [DOCUMENT.json]
"""
import collections
import json
import sys


def main(log, document):
    doc = json.load(open(document, encoding="utf-8"))
    documented = set()  # (operationId, status) of each 2xx answer with a JSON schema
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            name = op.get("operationId") or f"{method.upper()} {path}"
            for status, response in op["responses"].items():
                content = response.get("content") or {}
                if status.startswith("2") and (content.get("application/json") or {}).get("schema"):
                    documented.add((name, status))
    seen = collections.defaultdict(collections.Counter)
    for line in open(log, encoding="utf-8"):
        name, status, outcome = line.split()
        seen[(name, status)][outcome] += 1
    exercised = documented & seen.keys()
    checked = {k for k in exercised if seen[k]["checked"]}
    print(f"documented 2xx with a JSON schema: {len(documented)}; exercised: {len(exercised)}; "
          f"checked: {len(checked)}")
    for name, status in sorted(documented - checked):
        how = "exercised, never checked" if (name, status) in exercised else "not exercised"
        print(f"  {name} {status}: {how}")
    answers = sum(sum(c.values()) for c in seen.values())
    checked_answers = sum(c["checked"] for c in seen.values())
    print(f"answers: {answers}; bodies checked against their schema: {checked_answers}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else sys.argv[1] + ".openapi.json")
