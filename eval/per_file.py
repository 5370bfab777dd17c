#!/usr/bin/env python3
"""Runs a `muster extract --format jsonl` command and merges the documents that come from one file.

`muster extract` prints one line per document, and a JSONL export or a feed holds several documents
in one file (each line's `doc.source` is the file, `doc.record` the record). The shared scorer keys
its gold by file name and keeps the last line per file, so a probe set whose gold describes a
whole multi-record file is scored through this wrapper:

    score.py --gold G --docs D --cmd "python3 eval/per_file.py target/release/muster extract --format jsonl"

Facts of all records of a file are concatenated; places (stable ids) are united, their mentions
kept. A file with one document passes through unchanged.
"""
import json
import subprocess
import sys

ARRAYS = ["equipment", "units", "quantities", "observations", "claims", "indicators", "distances", "diagnostics"]


def merge(records):
    if len(records) == 1:
        return records[0]
    out = dict(records[0])
    out["doc"] = dict(records[0]["doc"], record=None)
    places = {}
    for r in records:
        for p in r.get("places") or []:
            if p["id"] in places:
                places[p["id"]]["mentions"] = places[p["id"]].get("mentions", []) + p.get("mentions", [])
            else:
                places[p["id"]] = dict(p)
    out["places"] = list(places.values())
    for key in ARRAYS:
        out[key] = [x for r in records for x in (r.get(key) or [])]
    # the file's publication date is its first record's that has one
    out["doc"]["published"] = next((r["doc"].get("published") for r in records if r["doc"].get("published")), None)
    return out


def main():
    run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    by_source, order = {}, []
    for line in run.stdout.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        src = (rec.get("doc") or {}).get("source", "")
        if src not in by_source:
            by_source[src] = []
            order.append(src)
        by_source[src].append(rec)
    for src in order:
        print(json.dumps(merge(by_source[src])))
    sys.exit(run.returncode)


if __name__ == "__main__":
    main()
