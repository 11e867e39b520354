#!/usr/bin/env python3
"""Reference verifier of a ParkAudit workbook's content digest, in Python with
openpyxl only — an independent implementation of the canonical rule that the
Signature sheet states and ParkAudit's README specifies.

    python3 scripts/verify_workbook.py WORKBOOK.xlsx

Recomputes the digest of every sheet but Signature and of the workbook, and
compares them with what the Signature sheet records. Exit 0 when they match,
1 when they do not, 2 when the file cannot be read. It checks the content
digest only: the Ed25519 signatures are checked by `parkaudit verify` or, for
the file's bytes, by `ssh-keygen -Y verify` (see the Signature sheet).
"""

import datetime
import hashlib
import struct
import sys

try:
    import openpyxl
    from openpyxl.utils.datetime import to_excel
except ImportError:  # pragma: no cover
    sys.stderr.write("verify_workbook.py needs openpyxl: pip install openpyxl\n")
    sys.exit(2)

SIGNATURE = "Signature"
V1 = "parkaudit-canonical-v1"
V2 = "parkaudit-canonical-v2"
NO_CACHED = "#NO-CACHED-VALUE"


def escape(text):
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def number(x, version):
    x = float(x)
    if version == V2 and x == 0.0:
        x = 0.0  # -0 as 0
    return "%016x" % struct.unpack(">Q", struct.pack(">d", x))[0]


def value_line(value, is_error, version):
    """(type, value text) of a cell's value, or None for an empty cell."""
    if is_error:
        return "e", escape(str(value))
    if isinstance(value, bool):
        return "b", "true" if value else "false"
    if isinstance(value, (int, float)):
        return "n", number(value, version)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return "n", number(to_excel(value), version)
    if value is None or value == "":
        return None
    return "s", escape(str(value))


def sheet_digest(ws_formulas, ws_values, version):
    sha = hashlib.sha256()
    cells = sorted(set(ws_formulas._cells) | set(ws_values._cells))
    for row, col in cells:
        f = ws_formulas._cells.get((row, col))
        v = ws_values._cells.get((row, col))
        formula = None
        if f is not None and f.data_type == "f" and isinstance(f.value, str):
            formula = f.value[1:] if f.value.startswith("=") else f.value
        cached = v.value if v is not None else None
        is_error = v is not None and v.data_type == "e"
        kind = value_line(cached, is_error, version)
        if kind is None:
            if formula is None:
                continue
            kind = ("e", NO_CACHED)  # a formula without its cached value
        line = "cell\t%d\t%d\t%s\t%s" % (row - 1, col - 1, kind[0], kind[1])
        if version == V2:
            fmt = f.number_format if f is not None else "General"
            line += "\t" + escape(fmt or "General")
        sha.update((line + "\n").encode("utf-8"))
        if formula:
            sha.update(("formula\t%d\t%d\t%s\n" % (row - 1, col - 1, escape(formula))).encode("utf-8"))
    if version == V2:
        ws = ws_formulas
        rows = sorted({r - 1 for r, d in ws.row_dimensions.items() if d.hidden})
        cols = set()
        for d in ws.column_dimensions.values():
            if d.hidden and d.min and d.max:
                cols.update(range(d.min - 1, min(d.max, 16384)))
        for r in rows:
            sha.update(("hidden_row\t%d\n" % r).encode())
        for c in sorted(cols):
            sha.update(("hidden_col\t%d\n" % c).encode())
        merges = sorted(
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in ws.merged_cells.ranges
        )
        for m in merges:
            sha.update(("merge\t%d\t%d\t%d\t%d\n" % m).encode())
        lines = []
        for dv in ws.data_validations.dataValidation:
            fields = [
                str(dv.sqref),
                dv.type or "none",
                dv.operator or "between",
                dv.formula1 or "",
                dv.formula2 or "",
            ]
            lines.append(("validation\t" + "\t".join(escape(x) for x in fields) + "\n").encode("utf-8"))
        for line in sorted(lines):
            sha.update(line)
    return sha.hexdigest()


def defined_names(wb):
    out = []
    names = wb.defined_names
    items = names.items() if hasattr(names, "items") else [(d.name, d) for d in names.definedName]
    for name, d in items:
        if name.startswith("_xlnm."):
            continue
        refers = d.attr_text or ""
        out.append((name, refers[1:] if refers.startswith("=") else refers))
    return sorted(out)


def main(path):
    try:
        wb_f = openpyxl.load_workbook(path, data_only=False)
        wb_v = openpyxl.load_workbook(path, data_only=True)
    except Exception as e:  # noqa: BLE001 - any failure means unreadable
        sys.stderr.write("%s: cannot be read (%s)\n" % (path, e))
        return 2
    if SIGNATURE not in wb_f.sheetnames:
        print("%s: no Signature sheet — not a signed ParkAudit workbook" % path)
        return 1
    sig = wb_v[SIGNATURE]
    fields = {}
    recorded = {}
    in_table = False
    for row in sig.iter_rows(values_only=True):
        a = row[0] if row else None
        if a is None:
            continue
        if in_table:
            recorded[str(a)] = str(row[1]) if len(row) > 1 else ""
        elif a == "sheet":
            in_table = True
        else:
            fields[str(a)] = row[1] if len(row) > 1 else None
    version = fields.get("canonical_format")
    if version not in (V1, V2):
        print("%s: unknown canonical format %r" % (path, version))
        return 1
    text = version + "\n"
    problems = []
    for name in wb_f.sheetnames:
        if name == SIGNATURE:
            continue
        digest = sheet_digest(wb_f[name], wb_v[name], version)
        if recorded.get(name) != digest:
            problems.append("sheet %s changed" % name)
        if version == V2:
            text += "sheet\t%s\t%s\t%s\n" % (escape(name), wb_f[name].sheet_state, digest)
        else:
            text += "sheet\t%s\t%s\n" % (escape(name), digest)
    for name, refers in defined_names(wb_f):
        text += "name\t%s\t%s\n" % (escape(name), escape(refers))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != fields.get("digest"):
        problems.append("the workbook digest %s is not the recorded %s" % (digest, fields.get("digest")))
    if problems:
        print("%s: content CHANGED (%s)" % (path, version))
        for p in problems:
            print("  - " + p)
        return 1
    print("%s: content digest %s matches (%s)" % (path, digest, version))
    print("  the signatures are checked by `parkaudit verify` or `ssh-keygen -Y verify` (see the Signature sheet)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
