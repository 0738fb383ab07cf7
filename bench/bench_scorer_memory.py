"""Peak memory of the check's pair scorer holding every partner of a
database with the suite installed (the most a check's candidate pairs can
name), and the groups it makes of the pairs of partners sharing an e-mail or
phone key: a stand-in for the 1M check's scorer process, without its
blocking passes.

    .venv/bin/python bench/bench_scorer_memory.py DB [--records plain]

The scorer runs in this process (PairScorer, as in its child process), fed
in batches as the check feeds it. Prints the peak resident memory of the
process before and after, and a digest of the groups: `--records plain`
builds the records as before the compact ones (record_from_row), so that
the two runs can be compared (same digest, less memory).
"""
import argparse
import hashlib
import os
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import peak_rss_mb  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "crm_prospect_dedup"))
from matching import pair_scorer  # noqa: E402
from matching.model import MatchModel  # noqa: E402
from matching.records import record_from_row  # noqa: E402

BATCH = 10000
RECORDS = """
    SELECT p.id, COALESCE(p.is_company, FALSE), p.parent_id, p.commercial_partner_id,
           p.dedup_name_key, p.dedup_given_key, p.dedup_surname_key, p.dedup_street_number,
           p.dedup_street_key, p.dedup_street2_key, p.dedup_city_key, p.dedup_zip_key,
           p.state_id, p.dedup_email_key, p.dedup_phone_key, p.dedup_mobile_key,
           p.dedup_vat_key, p.dedup_domain_key,
           CASE WHEN p.dedup_name_key IS NULL THEN 1 ELSE
               count(*) OVER (PARTITION BY p.dedup_name_key) END::float8 / %(total)s,
           CASE WHEN p.dedup_city_key IS NULL THEN 1 ELSE
               count(*) OVER (PARTITION BY p.dedup_city_key) END::float8 / %(total)s
      FROM res_partner p WHERE p.active
"""
PAIRS = """
    SELECT a, b FROM (
        SELECT a.id AS a, b.id AS b FROM res_partner a JOIN res_partner b
            ON b.dedup_email_key = a.dedup_email_key AND a.id < b.id AND a.active AND b.active
        UNION
        SELECT a.id, b.id FROM res_partner a JOIN res_partner b
            ON b.dedup_phone_key = a.dedup_phone_key AND a.id < b.id AND a.active AND b.active
    ) pairs ORDER BY a, b
"""


def stream(connection, name, query, consume, params=None):
    with connection.cursor(name) as reader:
        reader.itersize = BATCH
        reader.execute(query, params)
        while True:
            rows = reader.fetchmany(BATCH)
            if not rows:
                return
            consume(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db")
    parser.add_argument("--records", choices=("compact", "plain"), default="compact")
    args = parser.parse_args()
    if args.records == "plain":
        pair_scorer.compact_record_from_row = lambda row, _shared: record_from_row(row)
    connection = psycopg2.connect(dbname=args.db)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM res_partner WHERE active")
        total = cursor.fetchone()[0]
    print("records %s, peak RSS before: %.0f MB" % (args.records, peak_rss_mb()), flush=True)
    scorer = pair_scorer.PairScorer(MatchModel(), 0.99)
    start = time.process_time()
    stream(connection, "records", RECORDS, scorer.add_records, {"total": total})
    records_cpu = time.process_time() - start
    print("%d partners held, peak RSS %.0f MB, %.1f s CPU"
          % (len(scorer._records), peak_rss_mb(), records_cpu), flush=True)
    stream(connection, "pairs", PAIRS, scorer.add)
    groups = scorer.groups()
    digest = hashlib.sha1(repr(sorted(sorted(group["partner_ids"]) for group in groups))
                          .encode()).hexdigest()[:12]
    print("%d pairs scored, %d groups (digest %s), peak RSS %.0f MB, %.1f s CPU in all"
          % (scorer.pair_count, len(groups), digest, peak_rss_mb(), time.process_time() - start))


if __name__ == "__main__":
    main()
