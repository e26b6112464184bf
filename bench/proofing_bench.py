"""
How well and how fast the proofreading checks (proofing.check_text) read the corpus, against its labels.

    python -m bench.proofing_bench [--runs 200] [--show]

The corpus is tests/proofing_corpus.py: sentences with their known errors and correct sentences, checked with the
corpus's lists (the seeded 规范表述 and 禁用词, the archive's departments as protected names). A finding is a true
positive when its family and span match a labelled error; any other finding is a false positive, and a labelled
error no finding matches is a false negative. Precision and recall are printed overall and per family; --show lists
every false positive and false negative. Speed: the median time to check a 5,000-character story (the seed page
followed by generated archive text, bench/archive/words.py) over `runs` runs. The exit status is 1 when a target is
missed: precision >= 0.95 and recall >= 0.90 overall, <= 30 ms median per 5,000 characters.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from proofing import check_text
from tests.proofing_corpus import FAMILY_OF_PREFIX, corpus_context, labelled

TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
TARGET_MS = 30.0
STORY_CHARS = 5000
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_871d32ec14f82eb6.txt"


def score(context, show=False):
    counts = {family: [0, 0, 0] for family in FAMILY_OF_PREFIX.values()}  # tp, fp, fn
    for text, labels in labelled():
        expected = {(family, start, end) for _, family, start, end in labels}
        found = {(f.family, f.start, f.end): f for f in check_text(text, context=context)}
        for key in found.keys() - expected:
            counts[key[0]][1] += 1
            if show:
                print(f"  误报 {found[key].rule:18} {found[key].found!r:12} {text}")
        for key in expected - found.keys():
            counts[key[0]][2] += 1
            if show:
                print(f"  漏报 {key[0]:18} {text[key[1] : key[2]]!r:12} {text}")
        for key in expected & found.keys():
            counts[key[0]][0] += 1
    return counts


def ratio(a, b):
    return a / b if b else 1.0


def story(length=STORY_CHARS, seed=1):
    """The seed page's text, then archive sentences, cut to `length` characters."""
    from bench.archive import words

    rng = random.Random(seed)
    parts = [SEED.read_text(encoding="utf-8")[: length // 2]]
    values = {
        "year": "2023",
        "month": "5",
        "day": "12",
        "num": "1200",
        "small": "8",
        "money": "3.6",
        "money2": "1.2",
        "pct": "12",
        "share": "98",
        "quote": words.QUOTES[0],
        "speaker": "居民王丽",
        "name": "王丽",
    }
    while sum(map(len, parts)) < length:
        department = rng.choice(words.CITY_DEPARTMENTS)
        template = rng.choice(words.OPENINGS + words.FACTS + words.PARAGRAPH_LEADS + words.LESSON_LEADS)
        parts.append(
            template.format(
                dept=department[0],
                topic=rng.choice(department[2]),
                place=rng.choice(words.PLACES) if isinstance(words.PLACES[0], str) else rng.choice(words.PLACES)[0],
                district=rng.choice(words.DISTRICTS)[0],
                **values,
            )
        )
    return "".join(parts)[:length]


def speed(context, runs):
    text = story()
    check_text(text, context=context)  # OpenCC and the word indexes are built once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_text(text, context=context)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--show", action="store_true", help="list every false positive and false negative")
    options = parser.parse_args(argv)
    context = corpus_context()
    counts = score(context, options.show)
    sentences = labelled()
    errors = sum(len(labels) for _, labels in sentences)
    print(
        f"语料：{len(sentences)} 句，其中无错句 {sum(not labels for _, labels in sentences)} 句，标注错误 {errors} 处"
    )
    print(f"{'family':14}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for family, (tp, fp, fn) in counts.items():
        print(f"{family:14}{tp:5}{fp:5}{fn:5}{ratio(tp, tp + fp):11.3f}{ratio(tp, tp + fn):8.3f}")
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    print(f"{'overall':14}{tp:5}{fp:5}{fn:5}{precision:11.3f}{recall:8.3f}")
    median_ms, chars = speed(context, options.runs)
    print(f"speed: median {median_ms:.2f} ms for a {chars}-character story over {options.runs} runs")
    missed = []
    if precision < TARGET_PRECISION:
        missed.append(f"precision {precision:.3f} < {TARGET_PRECISION}")
    if recall < TARGET_RECALL:
        missed.append(f"recall {recall:.3f} < {TARGET_RECALL}")
    if median_ms > TARGET_MS:
        missed.append(f"median {median_ms:.1f} ms > {TARGET_MS} ms")
    for line in missed:
        print("target missed:", line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
