#!/usr/bin/env python3
"""The cold pass's paths: COUNT distinct public paths of a national store, of every kind a
crowd of readers asks for — award pages and records, name searches (HTML and JSON), filters
by province, year, category and agency, and the API list's pages by cursor — in a shuffled
order, so a cache that holds fewer than COUNT responses keeps missing.
Usage: cold_paths.py BASE_URL STORE_DIR COUNT  (prints one path a line)"""
import json
import os
import random
import sys
import unicodedata
import urllib.parse
import urllib.request

base, store, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
gen = json.load(open(os.path.join(store, "generated.json")))
awards = [a for a in open(os.path.join(store, "awards.txt")).read().split() if a]
rng = random.Random(7)
out = []
seen = set()


def add(path):
    if path not in seen:
        seen.add(path)
        out.append(path)


def fold(s):
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


q = urllib.parse.quote_plus
# API list pages by cursor: a tenth of the pass (each page asked once, as crawlers do).
cursor, pages, names = None, 0, set()
while pages < count // 10:
    path = "/api/v1/public/honours?limit=50" + (f"&cursor={q(cursor)}" if cursor else "")
    with urllib.request.urlopen(base + path, timeout=120) as r:
        body = json.load(r)
    add(path)
    pages += 1
    for item in body["items"]:
        words = [w for w in item["full_name"].split() if not w.endswith(".")]
        if item.get("category_code") != "TT" and len(words) >= 3:
            names.add((fold(words[0]), fold(words[-1]), fold(" ".join(words))))
    cursor = body.get("next_cursor")
    if not cursor:
        break
provinces = sorted({a["province"] for a in gen["agencies"]} | {"Hà Nội", "Nghệ An", "Cà Mau"})
years = sorted({p["year"] for p in gen["programmes"] if p["stop"] == "published"})
categories = ["CN", "TRE", "DP", "TT"]
agencies = [a["id"] for a in gen["agencies"]]
names = sorted(names)
rng.shuffle(names)
# Filters: about a sixth of the pass.
filters = []
for p in provinces:
    for y in years:
        filters.append(f"province={q(p)}&year={y}")
for a in agencies:
    for y in years:
        filters.append(f"agency_id={a}&year={y}")
for c in categories:
    for y in years:
        filters.append(f"category_code={c}&year={y}")
rng.shuffle(filters)
for i, f in enumerate(filters[: count // 6]):
    add(("/honours?" if i % 2 == 0 else "/api/v1/public/honours?") + f)
# Searches: a sixth, full names and family + given names, as typed without diacritics.
for i, (family, given, full) in enumerate(names[: count // 6]):
    text = full if i % 3 == 0 else f"{family} {given}"
    add(("/honours?q=" if i % 2 == 0 else "/api/v1/public/honours?q=") + q(text))
# Award pages and records: the rest.
rng.shuffle(awards)
for i, a in enumerate(awards):
    if len(out) >= count:
        break
    add(f"/honours/{a}" if i % 3 else f"/api/v1/public/awards/{a}")
if len(out) < count:
    sys.stderr.write(f"cold_paths: only {len(out)} distinct paths in this store\n")
rng.shuffle(out)
print("\n".join(out))
