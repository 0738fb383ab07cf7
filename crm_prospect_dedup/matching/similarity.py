"""Trigram similarity of two keys, computed as PostgreSQL's pg_trgm does, so
the scores of the SQL blocking and of Python agree."""
import re

_WORD = re.compile(r"\w+")


def trigrams(text):
    """The set of trigrams of `text`: each word padded with two spaces before
    and one after, as pg_trgm's show_trgm()."""
    found = set()
    for word in _WORD.findall((text or "").lower()):
        padded = "  %s " % word
        found.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return found


def trigram_similarity(left, right):
    """Shared trigrams over all trigrams, between 0 and 1 (pg_trgm's similarity())."""
    a, b = trigrams(left), trigrams(right)
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / float(len(a) + len(b) - common)
