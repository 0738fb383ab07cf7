"""Print the duplicate-finding figures of the methods measured in one
`make bench` run, one line per method per data set, from the JSON files of
bench_febrl.py / bench_dedup.py (lists of results) and splink_peer.py (one
result each).

    python bench/side_by_side.py RESULT.json [RESULT.json ...]
"""
import json
import sys

LABELS = {
    ("ours", "find_duplicate_groups"): "this suite, find_duplicate_groups",
    ("ours", "background check"): "this suite, background check",
    ("ours", "blocking"): "this suite, blocking alone (recall)",
    ("splink", None): "Splink 5 (DuckDB), p >= 0.9",
    ("splink", "clustered"): "Splink 5, clustered at 0.9",
    ("odoo-stock", "name"): "Odoo 11 stock (same name)",
}


def results(paths):
    for path in paths:
        with open(path) as source:
            loaded = json.load(source)
        for result in loaded if isinstance(loaded, list) else [loaded]:
            result["data"] = data_label(result.get("data"))
            yield result
            if result.get("method") == "splink" and result.get("clustered"):
                yield dict(result["clustered"], method="splink", path="clustered",
                           data=result["data"], seconds=result.get("seconds"),
                           peak_mb=result.get("peak_mb"))


def data_label(data):
    """One name per data set: splink_peer names them by their files."""
    data = str(data or "").replace(".csv", "")
    if data.startswith("dataset4"):
        return "dataset4"
    if data.startswith("population") or data == "generated":
        return "generated"
    return data


def figure(result, key, pattern):
    value = result.get(key)
    return pattern % value if isinstance(value, (int, float)) else "-"


def main(paths):
    rows = sorted(results(paths), key=lambda r: (str(r.get("data")), str(r.get("method"))))
    print("%-12s %-38s %9s %9s %9s %9s %9s" % (
        "data", "method", "precision", "recall", "F1", "time (s)", "peak MB"))
    for result in rows:
        label = LABELS.get((result.get("method"), result.get("path")),
                           "%s %s" % (result.get("method"), result.get("path") or ""))
        print("%-12s %-38s %9s %9s %9s %9s %9s" % (
            result.get("data"), label, figure(result, "precision", "%.4f"),
            figure(result, "recall", "%.4f"), figure(result, "f1", "%.4f"),
            figure(result, "seconds", "%.1f"), figure(result, "peak_mb", "%.0f")))


if __name__ == "__main__":
    main(sys.argv[1:])
