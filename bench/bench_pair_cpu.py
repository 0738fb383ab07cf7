"""CPU time per candidate pair of the check's Python work, on a fixed sample
of pairs written by bench_check_stages.py --sample-out: the pair scorer's
(PairScorer.add) and the training's comparison vectors
(TrainingSample.add_pairs). Plain Python, no database.

    .venv/bin/python bench/bench_pair_cpu.py SAMPLE [--runs 3]

Prints the best of RUNS in microseconds of CPU per pair, and a digest of the
pairs kept and of the vectors, to check that two versions agree.
"""
import argparse
import hashlib
import os
import pickle
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "crm_prospect_dedup"))
from matching.pair_scorer import PairScorer  # noqa: E402
from matching.records import WIDTH  # noqa: E402
from matching.training_sample import TrainingSample  # noqa: E402
from matching.model import MatchModel  # noqa: E402


def digest(value):
    return hashlib.sha1(repr(value).encode()).hexdigest()[:12]


def best_cpu(function, runs):
    """The least CPU time of RUNS calls of FUNCTION (a fresh state each)."""
    times = []
    for _ in range(runs):
        run = function()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def scoring(sample, pairs):
    def prepare():
        scorer = PairScorer(sample["model"], sample["threshold"])
        scorer.add_records(records(sample["rows"]))
        prepare.scorer = scorer
        return lambda: scorer.add(pairs)
    return prepare


def trainer(sample):
    return TrainingSample(MatchModel.from_dict(sample["model"]).as_dict(), sample["pass_names"],
                          sample["excluded"], sample["exact_u"], sample["sample_rate"],
                          sample["total_pairs"], sample["random_pairs"], 42)


def training(sample):
    def prepare():
        prepare.trainer = trainer(sample)
        return lambda: prepare.trainer.add_pairs(sample["rows"])
    return prepare


def learning(sample):
    """The learning itself (random pairs, EM), from the sampled pairs."""
    def prepare():
        learner = trainer(sample)
        learner.add_pairs(sample["rows"])
        learner.add_random_records(sample["random_rows"])
        prepare.learner = learner
        return lambda: setattr(prepare, "learned", learner.learned())
    return prepare


def records(rows):
    seen = {}
    for row in rows:
        for record in (row[1:1 + WIDTH], row[1 + WIDTH:]):
            seen[record[0]] = record
    return list(seen.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with open(args.sample, "rb") as source:
        sample = pickle.load(source)
    rows = sample["rows"]
    pairs = [(0, row[1], row[1 + WIDTH]) for row in rows]
    print("%d pairs of %d partners" % (len(pairs), len(records(rows))))
    score = scoring(sample, pairs)
    seconds = best_cpu(score, args.runs)
    print("scoring (PairScorer.add):       %6.2f us of CPU per pair; %d pairs kept, digest %s"
          % (seconds * 1e6 / len(pairs), len(score.scorer._accepted),
             digest(score.scorer._accepted)))
    train = training(sample)
    seconds = best_cpu(train, args.runs)
    print("training (TrainingSample.add_pairs): %6.2f us of CPU per pair; vectors digest %s"
          % (seconds * 1e6 / len(pairs), digest(sorted(train.trainer.distinct.items(),
                                                       key=repr))))
    learn = learning(sample)
    seconds = best_cpu(learn, args.runs)
    print("learning (TrainingSample.learned): %6.2f s of CPU; learned model digest %s"
          % (seconds, digest(learn.learned)))


if __name__ == "__main__":
    main()
