"""python -m bench.paper OUT_DIR [--count 30] [--seed 1] | --seed-pages DIR: print newspaper pages with their truth."""

import argparse
import sys
import time
from pathlib import Path

from .pages import generate_pages, seed_pages


def parser():
    parser = argparse.ArgumentParser(
        prog="python -m bench.paper",
        description="Lay out newspaper pages as PDFs, each with its ground truth (<name>.json) beside it.",
    )
    parser.add_argument("out_dir", nargs="?", type=Path, help="where the generated pages go")
    parser.add_argument("--count", type=int, default=30, help="how many pages (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same pages (default 1)")
    parser.add_argument(
        "--seed-pages", type=Path, metavar="DIR", help="print the demo edition's pages into DIR (page-<N>.pdf)"
    )
    return parser


def main(argv=None):
    args = parser().parse_args(argv)
    if args.out_dir is None and args.seed_pages is None:
        parser().error("give OUT_DIR, --seed-pages DIR, or both")
    started = time.monotonic()
    paths = []
    if args.seed_pages is not None:
        paths += seed_pages(args.seed_pages)
    if args.out_dir is not None:
        paths += generate_pages(args.out_dir, count=args.count, seed=args.seed)
    print(f"{len(paths)} pages in {time.monotonic() - started:.1f}s", file=sys.stderr)
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
