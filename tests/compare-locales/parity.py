#!/usr/bin/env python3
"""Parity with Mozilla's compare-locales: every missing, obsolete, junk and
attribute problem it reports on the case locales, `memorandum l10n status`
reports too, on the same message ids (or line, for junk). Prints what each tool
found and exits 1 on a difference.

Usage: parity.py COMPARE_LOCALES MEMORANDUM"""
import json
import re
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
compare_locales, memorandum = sys.argv[1], sys.argv[2]

cl = subprocess.run(
    [compare_locales, "--json", "-", "l10n.toml", "locales", "nl"],
    cwd=here, capture_output=True, text=True,
)
theirs = set()
for report in json.loads(cl.stdout):
    for items in report.get("details", {}).values():
        for item in items:
            if "missingEntity" in item:
                theirs.add(("missing", item["missingEntity"]))
            elif "obsoleteEntity" in item:
                theirs.add(("obsolete", item["obsoleteEntity"]))
            elif "error" in item or "warning" in item:
                text = item.get("error") or item.get("warning")
                m = re.match(r"(Missing|Obsolete) attribute: (\S+) at .* for (\S+)", text)
                if m:
                    theirs.add((m.group(1).lower() + "-attribute", f"{m.group(3)}.{m.group(2)}"))
                m = re.match(r'Unparsed content .* from line (\d+)', text)
                if m:
                    theirs.add(("junk", f"line {m.group(1)}"))

ours_run = subprocess.run(
    [memorandum, "l10n", "status", "--root", str(here), "--message-format", "json"],
    capture_output=True, text=True,
)
ours = set()
codes = {
    "missing-message": "missing",
    "obsolete-message": "obsolete",
    "missing-attribute": "missing-attribute",
    "obsolete-attribute": "obsolete-attribute",
}
all_ours = []
for line in ours_run.stdout.splitlines():
    d = json.loads(line)
    if d.get("kind") == "summary":
        # The per-language summary that ends the output, not a problem.
        continue
    all_ours.append(d["code"])
    if d["code"] in codes:
        ident = re.search(r"`([^`]+)`", d["message"]).group(1)
        ours.add((codes[d["code"]], ident))
    elif d["code"] == "ftl-syntax":
        ours.add(("junk", f"line {d['line']}"))

print("compare-locales:", sorted(theirs))
print("memorandum:     ", sorted(ours))
missing = theirs - ours
if missing:
    print("memorandum misses:", sorted(missing))
    sys.exit(1)
# What compare-locales has no check for, ours reports.
beyond = {"variable-mismatch", "plural-category", "markup", "link-mismatch", "reference-mismatch"}
found = beyond & set(all_ours)
print("only memorandum:", sorted(found))
if found != beyond:
    print("expected also:", sorted(beyond - found))
    sys.exit(1)
print("parity: every compare-locales problem is reported by memorandum")
