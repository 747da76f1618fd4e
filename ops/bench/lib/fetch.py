#!/usr/bin/env python3
"""Fetches every path of a list from a server once and saves the bodies as numbered static
files (DIR/<n><suffix>), so nginx can serve the very same bytes; prints how many and their
total size. Usage: fetch.py BASE_URL PATHS_FILE OUT_DIR [--names NAMES_FILE]
With --names, file n is named by line n of NAMES_FILE instead of its number."""
import concurrent.futures
import os
import sys
import urllib.request


def main():
    base, paths_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
    paths = [p for p in open(paths_file).read().splitlines() if p]
    names = None
    if len(sys.argv) > 5 and sys.argv[4] == "--names":
        names = [n for n in open(sys.argv[5]).read().splitlines() if n]
    os.makedirs(out, exist_ok=True)

    def get(i):
        with urllib.request.urlopen(base + paths[i], timeout=60) as r:
            if r.status != 200:
                raise SystemExit(f"{paths[i]}: {r.status}")
            body = r.read()
        name = names[i] if names else str(i)
        with open(os.path.join(out, name.lstrip("/")), "wb") as f:
            f.write(body)
        return len(body)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        total = sum(pool.map(get, range(len(paths))))
    print(f"fetched {len(paths)} paths, {total} bytes")


if __name__ == "__main__":
    main()
