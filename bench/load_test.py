"""
Readers in a burst while the night desk publishes and withdraws stories.

    .venv/bin/python bench/load_test.py [--readers 200] [--seconds 60] [--database-url URL]

Starts gunicorn (2 workers, production settings) on loopback, runs --readers
concurrent readers over the edition's pages for --seconds while an editor logs
in to the admin and publishes and withdraws one story over and over, then
prints requests, errors and p50/p99 latency. tests/test_load.py runs a short
form of the same in CI.
"""

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadgen  # noqa: E402
from bench.stack import (  # noqa: E402
    Browser,
    gunicorn,
    make_story,
    prepare_site,
    production_env,
    redis_answers,
    scratch_database,
)


def reader_paths(base):
    html = Browser(base).get("/")[1]
    stories = sorted(set(re.findall(r'href="(/articles/\d+/)"', html)))
    return ["/", "/2023/02/15/", "/2023/02/15/1/", "/2023/02/15/2/", "/departments/", *stories]


def night_desk(base, pk):
    """Publish and withdraw one story, over and over, through the admin."""
    editor = Browser(base).log_in()

    async def run(deadline):
        moves = 0
        while time.monotonic() < deadline:
            for action in ("publish", "withdraw"):
                path = f"/admin/articles/article/{pk}/transition/{action}/"
                status, _ = await asyncio.to_thread(editor.post, path, {"comment": ""})
                if status != 200:
                    raise AssertionError(f"editor got HTTP {status} for {action}")
                moves += 1
            await asyncio.sleep(0.2)
        return moves

    return run


def load_run(env, *, readers, seconds):
    pk = make_story(env, "夜班反复发布的稿件")
    with gunicorn(env, workers=2) as (base, _):
        paths = reader_paths(base) + [f"/articles/{pk}/"]
        summary, moves = asyncio.run(
            loadgen.run(base, paths, concurrency=readers, seconds=seconds, background=night_desk(base, pk))
        )
    summary.update(readers=readers, seconds=seconds, editor_moves=moves, database=env["DATABASE_URL"].split(":")[0])
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bulletin-load-"))
    redis_url = "redis://127.0.0.1:6379/7" if redis_answers() else None
    with scratch_database(args.database_url, tmp) as database_url:
        env = production_env(database_url, tmp, redis_url=redis_url)
        prepare_site(env)
        summary = load_run(env, readers=args.readers, seconds=args.seconds)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    sys.exit(1 if summary["errors"] else 0)


if __name__ == "__main__":
    main()
