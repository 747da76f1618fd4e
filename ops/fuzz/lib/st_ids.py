#!/usr/bin/env python3
"""Real ids for the long pass: a schemathesis.toml that fixes each path's `{id}` to a record the
demo holds, so generated requests reach the handlers' logic instead of stopping at 404.

Made-up UUIDs name nothing, so without this every operation on `/nominations/{id}` and the like
answers 404 and the fuzzer never sees the rules behind it. With it, the same generated bodies are
sent to a real programme (the demo's one in nominating), a real nomination, agency, user, panel,
award and objection, as each role; what a role may not touch it still answers 403.

Usage: st_ids.py URL ADMIN_TOKEN OUT.toml [EMAIL ...]
  (after the demo is up; the admin sees everything). The EMAILs are the run's own sign-ins: a
  generated PATCH to a user may deactivate them, which would end that role's session, so the
  user whose id is fixed is another.
"""
import json
import sys
import urllib.request


def get(url, token, path):
    request = urllib.request.Request(url + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def first(items, key="id"):
    return items[0][key] if items else None


def main(url, token, out, signed_in):
    programmes = get(url, token, "/api/v1/programmes?limit=500")["items"]
    # The programme still in progress is where writes can land; the published one otherwise.
    live = [p for p in programmes if p["phase"] not in ("published", "closed")]
    programme = (live or programmes)[0]
    shown = get(url, token, f"/api/v1/programmes/{programme['id']}")
    nominations = get(url, token, f"/api/v1/nominations?programme_id={programme['id']}")["items"]
    ids = {
        "programmes": programme["id"],
        "nominations": first(nominations),
        "agencies": first(get(url, token, "/api/v1/agencies")["items"]),
        "users": first([u for u in get(url, token, "/api/v1/users?limit=500")["items"]
                        if u.get("email") not in signed_in]),
        "panels": first(shown["panels"]),
        "objections": first(get(url, token, "/api/v1/objections")["items"]),
        "awards": first(get(url, token, "/api/v1/public/honours")["items"], "award_id"),
    }
    code = first(shown["categories"], "code")
    paths = {
        "programmes": [r"^/api/v1/programmes/\{id\}"],
        "nominations": [r"^/api/v1/nominations/\{id\}", r"^/api/v1/public/nominations/\{id\}"],
        "agencies": [r"^/api/v1/agencies/\{id\}"],
        "users": [r"^/api/v1/users/\{id\}"],
        "panels": [r"^/api/v1/panels/\{id\}"],
        "objections": [r"^/api/v1/objections/\{id\}"],
        "awards": [r"^/api/v1/awards/\{id\}", r"^/api/v1/public/awards/\{id\}"],
    }
    lines = ["# Written by ops/fuzz/lib/st_ids.py for one run of ops/fuzz/api."]
    for kind, regexes in paths.items():
        if ids[kind] is None:
            continue
        for regex in regexes:
            params = {"id": ids[kind]}
            if kind == "programmes" and code is not None:
                params["code"] = code
            body = ", ".join(f"{k} = {json.dumps(v)}" for k, v in params.items())
            lines += ["", "[[operations]]", f"include-path-regex = {json.dumps(regex)}",
                      f"parameters = {{ {body} }}"]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    found = ", ".join(f"{k}={'yes' if v else 'none'}" for k, v in ids.items())
    print(f"ids: {found}; programme in {programme['phase']}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4:]))
