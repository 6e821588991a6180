#!/usr/bin/env python3
# make_standard_route.py: derives standard_route.csv (LARS apprenticeship
# standard -> IfATE route and pathway) from LARS Standard.csv and
# ssa_route.csv: each standard takes the route of its sector subject area
# tier 2, using the standard's latest version; level is its NotionalEndLevel. Run from this directory:
#   python3 make_standard_route.py ../../../shared/reference/lars/Standard.csv
import csv, sys
ssa = {r["ssa_tier2"]: r for r in csv.DictReader(open("ssa_route.csv", newline=""))}
latest = {}
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")):
    code, ver = int(r["StandardCode"]), int(r["Version"])
    if code not in latest or ver > latest[code][0]:
        latest[code] = (ver, r)
w = csv.writer(open("standard_route.csv", "w", newline=""), lineterminator="\n")
w.writerow(["standard_code", "version", "ssa_tier2", "route_code", "pathway_code", "level", "standard_name"])
for code in sorted(latest):
    ver, r = latest[code]
    t2 = "%.2f" % float(r["SectorSubjectAreaTier2"]) if r["SectorSubjectAreaTier2"] else ""
    m = ssa.get(t2, {"route_code": "", "pathway_code": ""})
    w.writerow([code, ver, t2, m["route_code"], m["pathway_code"], r["NotionalEndLevel"].strip(), r["StandardName"].strip()])
