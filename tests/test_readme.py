"""The README a newcomer reads in three minutes (issue 13): the two commands,
the screenshots, the feature table in English and French and how to install
into an existing Odoo come first; the addons' details are in their readme/,
the benchmarks' figures in bench/README.md; every link and picture exists,
and every picture is one that the browser journeys retake."""
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = sorted(name for name in os.listdir(ROOT)
                if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py")))
LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)#\s]+)(?:#[^)]*)?\)")
# what reads in about three minutes (the README of the issue was 31 KB)
MAX_BYTES = 16000
PNG = b"\x89PNG\r\n\x1a\n"


def _readme(path="README.md"):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return handle.read()


def _links(text):
    """(is an image, relative target) of each link that is not a URL."""
    return [(bool(bang), target) for bang, target in LINK.findall(text)
            if not re.match(r"[a-z]+:", target)]


def test_readme_is_short_and_starts_with_what_a_newcomer_needs():
    text = _readme()
    assert len(text.encode("utf-8")) <= MAX_BYTES
    headings = [line[3:].strip() for line in text.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["What it looks like", "What the suite does",
                            "Install into an existing Odoo 11"], headings
    before_headings = text.split("\n## ", 1)[0]
    assert "make run" in before_headings and "make test" in before_headings
    pictures = text.split("## What it looks like", 1)[1].split("\n## ", 1)[0]
    assert [image for image, _target in _links(pictures) if image]
    features = text.split("## What the suite does", 1)[1].split("\n## ", 1)[0]
    assert "| in Odoo (English) | en français |" in features
    assert not re.search(r"median\s+[\d.]+\s*ms", text), "benchmark figures go to bench/README.md"


def test_every_link_and_picture_of_the_readme_exists():
    links = _links(_readme())
    assert links
    for image, target in links:
        path = os.path.join(ROOT, target)
        assert os.path.exists(path), target
        if image:
            with open(path, "rb") as handle:
                assert handle.read(8) == PNG, target


def test_every_picture_is_retaken_by_a_browser_journey():
    journeys = "".join(open(path, encoding="utf-8").read()
                       for path in glob.glob(os.path.join(ROOT, "tests", "test_browser_*.py")))
    taken = set(re.findall(r"\.screenshot\(\"(\w+)\"\)", journeys))
    pictures = [target for image, target in _links(_readme()) if image]
    for target in pictures:
        assert target.startswith("docs/screenshots/"), target
        assert os.path.basename(target)[:-len(".png")] in taken, target


def test_addons_details_and_benchmarks_are_on_their_own_pages():
    links = {target.rstrip("/") for _image, target in _links(_readme())}
    for addon in ADDONS:
        assert "%s/readme" % addon in links, addon
        for name in ("DESCRIPTION.rst", "USAGE.rst"):
            assert os.path.isfile(os.path.join(ROOT, addon, "readme", name)), (addon, name)
    assert "bench/README.md" in links
    assert "## A salesperson's clicks beside stock Odoo's" in _readme("bench/README.md")
