"""Peer benchmark: Splink 5 (DuckDB backend) on the labelled data our own
duplicate check is measured on, scored the same way (pairs of records).

Runs in the virtual environment of bench/splink_env.sh (Python 3.11):

    python bench/splink_peer.py --febrl dataset2.csv
    python bench/splink_peer.py --febrl dataset4a.csv,dataset4b.csv
    python bench/splink_peer.py --csv population.csv

--csv reads a generated population exported with the header
id,entity,is_company,name,street,street2,city,zip,email,phone,vat,website
(an empty entity: a record without duplicate); DuckDB loads it directly.

The model follows Splink's own FEBRL examples: dedupe_only, several
blocking rules, per-field comparisons with term-frequency adjustments,
probability_two_random_records_match from deterministic rules, u by random
sampling, m by expectation maximisation on two blocking rules, then
predict(). Every pair with match_probability >= 0.9 is a found pair; the
figures after clustering at 0.9 (connected components, as groups) follow.

The last stdout line is one JSON object; logs go to stderr.
"""
import argparse
import json
import logging
import os
import resource
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import febrl  # noqa: E402  (the reader beside this file)

import duckdb  # noqa: E402
import pyarrow  # noqa: E402
import splink.comparison_level_library as cll  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402
from splink.blocking_analysis import count_comparisons_from_blocking_rules  # noqa: E402

LOG = logging.getLogger("splink_peer")
THRESHOLD = 0.9  # a pair at or above this match probability is a found pair
THREADS = 2  # the machine's cores
MEMORY_LIMIT = "8GB"  # a third of the machine's 24 GB: PostgreSQL may run beside
SEED = 42  # reproducible u sampling
TABLE = "people"


# -- the models ----------------------------------------------------------------

def febrl_model():
    """Settings and training plan for the FEBRL person records, in the manner
    of Splink's febrl3/febrl4 examples, without date_of_birth nor soc_sec_id."""
    tf = {"term_frequency_adjustments": True}
    comparisons = [
        cl.NameComparison("given_name").configure(**tf),
        cl.NameComparison("surname").configure(**tf),
        # house numbers: one edit (a typo, a swapped digit) still counts
        cl.DamerauLevenshteinAtThresholds("street_number", [1]).configure(**tf),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]).configure(**tf),
        cl.JaroWinklerAtThresholds("address_2", [0.9, 0.8]).configure(**tf),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]).configure(**tf),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(**tf),
        cl.ExactMatch("state").configure(**tf),
    ]
    blocking = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("surname"),
        block_on("given_name"),
        block_on("postcode"),
        block_on("suburb"),
        block_on("address_1"),
        block_on("street_number", "substr(surname, 1, 2)"),
        block_on("substr(given_name, 1, 2)", "substr(address_1, 1, 3)"),
    ]
    deterministic = [
        block_on("given_name", "surname", "postcode"),
        block_on("given_name", "surname", "street_number"),
        block_on("surname", "street_number", "address_1"),
    ]
    return {
        "comparisons": comparisons,
        "blocking": blocking,
        "deterministic": deterministic,
        # a guess, as Splink's examples make: the share of the true pairs
        # that agree on one of the deterministic rules
        "recall": 0.7,
        "em_rules": [block_on("given_name", "surname"), block_on("postcode")],
        "u_max_pairs": 1e7,  # Splink's docs: 1e7 is often adequate
    }


CSV_OPTIONAL = ("street", "street2", "city", "zip", "email", "phone", "vat", "website")


def csv_model(present):
    """Settings and training plan for a generated CRM population (one name
    column, address, e-mail, phone, VAT, website), with blocking rules that
    keep a million rows to a few million comparisons (1.4 million on a
    generated million, where a common name or zip alone would give
    billions). PRESENT: the
    columns holding at least one value (an empty one cannot be trained)."""
    tf = {"term_frequency_adjustments": True}
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name"),
            cll.ExactMatchLevel("name").configure(tf_adjustment_column="name"),
            cll.JaroWinklerLevel("name", 0.92),
            # the same words in another order ("Martin Jean", "SARL Dupont")
            cll.ExactMatchLevel("name_sorted"),
            cll.JaroWinklerLevel("name", 0.8),
            cll.ElseLevel(),
        ],
    )
    optional = {
        "street2": cl.JaroWinklerAtThresholds("street2", [0.9]),
        "city": cl.JaroWinklerAtThresholds("city", [0.9]).configure(**tf),
        "zip": cl.DamerauLevenshteinAtThresholds("zip", [1]).configure(**tf),
        # exact only: the e-mail levels of EmailComparison on the user part
        # (first.last) would count the name's evidence twice
        "email": cl.ExactMatch("email").configure(**tf),
        "vat": cl.ExactMatch("vat"),
        "website": cl.ExactMatch("website").configure(**tf),
    }
    comparisons = [name, cl.ExactMatch("is_company"), _phone_and_street(present)]
    comparisons += [optional[column] for column in CSV_OPTIONAL if column in optional
                    and column in present]
    comparisons = [comparison for comparison in comparisons if comparison is not None]
    blocking = [
        block_on("name", "zip"),
        block_on("name_sorted", "city"),
        block_on("email"),
        block_on("phone"),
        block_on("vat"),
        block_on("website"),
        block_on("street", "zip"),
    ]
    deterministic = [
        block_on("name", "email"),
        block_on("name", "phone"),
        block_on("vat"),
    ]
    return {
        "comparisons": comparisons,
        "blocking": blocking,
        "deterministic": deterministic,
        "recall": 0.5,  # a guess: e-mail, phone and VAT are often missing or changed
        # Pairs of one name and zip, and pairs of one e-mail, are a mix of
        # duplicates and others; pairs of one address are not: a company's
        # contacts share its address and switchboard.
        "em_rules": [block_on("name", "zip"), block_on("email")],
        "u_max_pairs": 1e7,  # Splink's docs: 1e7 is often adequate
    }


def _phone_and_street(present):
    """One comparison of phone and street together: a company's contacts
    share both its switchboard and its address, so the two agree together
    far more often than two independent comparisons would assume. None
    when neither column holds a value."""
    phone = "phone" in present
    street = "street" in present
    if not (phone or street):
        return None
    levels = []
    if phone and street:
        levels += [cll.And(cll.NullLevel("phone"), cll.NullLevel("street")),
                   cll.And(cll.ExactMatchLevel("phone"), cll.ExactMatchLevel("street"))]
    elif phone or street:
        levels.append(cll.NullLevel("phone" if phone else "street"))
    if phone:
        levels.append(cll.ExactMatchLevel("phone"))
    if street:
        levels += [cll.ExactMatchLevel("street"), cll.JaroWinklerLevel("street", 0.9),
                   cll.JaroWinklerLevel("street", 0.8)]
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(output_column_name="phone_street", comparison_levels=levels)


def present_columns(con, columns):
    """The COLUMNS of TABLE holding at least one value."""
    counts = con.execute("SELECT %s FROM %s" % (
        ", ".join("count(%s)" % column for column in columns), TABLE)).fetchall()[0]
    return set(column for column, count in zip(columns, counts) if count)


# -- the data ------------------------------------------------------------------

def connect(temp_dir):
    """A DuckDB connection sized for this machine, spilling into TEMP_DIR."""
    con = duckdb.connect()
    con.execute("SET threads = %d" % THREADS)
    con.execute("SET memory_limit = '%s'" % MEMORY_LIMIT)
    con.execute("SET temp_directory = '%s'" % temp_dir.replace("'", "''"))
    con.execute("SET enable_progress_bar = false")
    return con


def load_febrl(con, names):
    """Load the FEBRL files NAMES into TABLE (unique_id = the record's index)."""
    records = febrl.read_febrl(names)
    columns = ["unique_id", "entity"] + list(febrl.FIELDS)
    rows = [dict(record, unique_id=index) for index, record in enumerate(records)]
    table = pyarrow.Table.from_pylist([{c: row[c] for c in columns} for row in rows])
    con.register("febrl_records", table)
    con.execute("CREATE TABLE %s AS SELECT * FROM febrl_records" % TABLE)
    con.unregister("febrl_records")
    return len(records)


def _clean(column):
    """SQL of COLUMN lower-cased, without accents nor punctuation, NULL when empty."""
    return ("nullif(trim(regexp_replace(regexp_replace(lower(strip_accents(coalesce(%s, ''))),"
            " '[.]', '', 'g'), '[^a-z0-9]+', ' ', 'g')), '')" % column)


def load_csv(con, path):
    """Load the exported population at PATH into TABLE, with Splink's usual
    light cleaning: case, accents and punctuation; phone by its last 9
    digits, VAT by its SIREN (last 9 characters), website by its host."""
    digits = "regexp_replace(coalesce(%s, ''), '[^0-9]', '', 'g')"
    con.execute("""
        CREATE TABLE {table} AS
        SELECT
            CAST(id AS BIGINT) AS unique_id,
            nullif(trim(entity), '') AS entity,
            lower(trim(is_company)) IN ('1', 't', 'true', 'yes') AS is_company,
            {name} AS name,
            array_to_string(list_sort(string_split({name}, ' ')), ' ') AS name_sorted,
            {street} AS street,
            {street2} AS street2,
            {city} AS city,
            nullif({zip}, '') AS zip,
            nullif(lower(trim(email)), '') AS email,
            nullif(right({phone}, 9), '') AS phone,
            nullif(right(regexp_replace(upper(coalesce(vat, '')), '[^A-Z0-9]', '', 'g'), 9), '')
                AS vat,
            nullif(regexp_replace(regexp_replace(lower(trim(coalesce(website, ''))),
                '^[a-z]+://', ''), '^www[.]|/.*$', '', 'g'), '') AS website
        FROM read_csv(?, header = true, all_varchar = true)
    """.format(table=TABLE, name=_clean("name"), street=_clean("street"),
               street2=_clean("street2"), city=_clean("replace(city, '-', ' ')"),
               zip=digits % "zip", phone=digits % "phone"), [path])
    # fetchall: DuckDB 2 refuses new work while a result is left unread
    return con.execute("SELECT count(*) FROM %s" % TABLE).fetchall()[0][0]


def true_pairs_sql(con):
    """The true pairs of TABLE: records sharing a non-empty entity."""
    rows = con.execute("""
        SELECT l.unique_id, r.unique_id FROM {t} l JOIN {t} r
        ON l.entity = r.entity AND l.unique_id < r.unique_id
    """.format(t=TABLE)).fetchall()
    return set(frozenset(row) for row in rows)


# -- Splink ----------------------------------------------------------------------

def log_blocking(sdf, model):
    """Log how many comparisons each prediction blocking rule adds; the total."""
    counts = count_comparisons_from_blocking_rules(
        sdf, blocking_rules=model["blocking"], link_type="dedupe_only",
        record_sample_proportion=1.0)
    for count in counts:
        LOG.info("  blocking %-70s +%d (total %d)", count["blocking_rule"][:70],
                 count["marginal_comparison_count"], count["cumulative_comparison_count"])
    return counts[-1]["cumulative_comparison_count"] if counts else 0


def train(linker, model):
    """Train LINKER the way Splink's examples do."""
    training = linker.training
    training.estimate_probability_two_random_records_match(
        model["deterministic"], recall=model["recall"])
    training.estimate_u_using_random_sampling(max_pairs=model["u_max_pairs"], seed=SEED)
    for rule in model["em_rules"]:
        training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True)


def found_pairs(con, predictions):
    """The predicted pairs at or above THRESHOLD."""
    rows = con.execute(
        "SELECT unique_id_l, unique_id_r FROM %s WHERE match_probability >= ?"
        % predictions.physical_name, [THRESHOLD]).fetchall()
    return set(frozenset(row) for row in rows)


def clustered_pairs(con, clusters):
    """The pairs within the clusters of CLUSTERS (records of one cluster_id)."""
    rows = con.execute("""
        SELECT l.unique_id, r.unique_id FROM {c} l JOIN {c} r
        ON l.cluster_id = r.cluster_id AND l.unique_id < r.unique_id
    """.format(c=clusters.physical_name)).fetchall()
    return set(frozenset(row) for row in rows)


def run(con, model, true):
    """Train, predict and cluster; the scores of the pairs and of the clusters,
    each with the seconds it took (training and prediction; clustering)."""
    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register(TABLE)
    LOG.info("comparisons to score: %d", log_blocking(sdf, model))
    start = time.time()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=model["comparisons"],
        blocking_rules_to_generate_predictions=model["blocking"],
    )
    linker = Linker(sdf, settings, log_level=logging.WARNING)
    train(linker, model)
    LOG.info("trained in %.1f s", time.time() - start)
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    seconds = time.time() - start
    LOG.info("predicted in %.1f s", seconds)
    scores = febrl.metrics(found_pairs(con, predictions), true)
    scores["seconds"] = round(seconds, 2)
    cluster_start = time.time()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD)
    cluster_seconds = time.time() - cluster_start
    clustered = febrl.metrics(clustered_pairs(con, clusters), true)
    clustered["seconds"] = round(cluster_seconds, 2)
    return scores, clustered


def load(con, args):
    """Load the data the arguments name; (data label, records, model)."""
    if args.febrl:
        records = load_febrl(con, args.febrl.split(","))
        return args.febrl.replace(",", "+"), records, febrl_model()
    records = load_csv(con, args.csv)
    return os.path.basename(args.csv), records, csv_model(present_columns(con, CSV_OPTIONAL))


def result_line(data, records, scores, clustered):
    """The JSON object of the results."""
    result = {"method": "splink", "data": data, "records": records,
              "true_pairs": scores["true"], "found": scores["found"], "right": scores["right"]}
    for key in ("precision", "recall", "f1"):
        result[key] = round(scores[key], 4)
    result["seconds"] = scores["seconds"]
    # ru_maxrss is in KiB on Linux
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
    result["clustered"] = {key: round(clustered[key], 4) for key in ("precision", "recall", "f1")}
    result["clustered"].update(found=clustered["found"], seconds=clustered["seconds"])
    return json.dumps(result)


def main(argv=None):
    """Parse the arguments, load the data, run Splink, print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--febrl", help="FEBRL files, comma-separated (dataset2.csv)")
    source.add_argument("--csv", help="a generated population exported as CSV")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("splink").setLevel(logging.WARNING)
    temp_dir = tempfile.mkdtemp(prefix="splink-peer-")
    con = connect(temp_dir)
    try:
        load_start = time.time()
        data, records, model = load(con, args)
        true = true_pairs_sql(con)
        LOG.info("%s: %d records, %d true pairs, loaded in %.1f s",
                 data, records, len(true), time.time() - load_start)
        scores, clustered = run(con, model, true)
    finally:
        con.close()
        shutil.rmtree(temp_dir, ignore_errors=True)
    print(result_line(data, records, scores, clustered))


if __name__ == "__main__":
    main()
