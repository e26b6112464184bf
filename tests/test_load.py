"""
Readers in a burst while the night desk publishes and withdraws: no errors.

CI runs a shorter form (LOAD_SECONDS, default 10 s, 200 concurrent readers);
bench/load_test.py runs the full 60 s and prints the same figures.
"""

import asyncio
import json
import os
import re
import time
from pathlib import Path

import pytest

from bench import loadgen

from .servers import Browser, gunicorn, make_story

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
pytestmark = pytest.mark.xdist_group("servers")


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
                status, _ = await asyncio.to_thread(
                    editor.post, f"/admin/articles/article/{pk}/transition/{action}/", {"comment": ""}
                )
                assert status == 200, status
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


def test_two_hundred_readers_and_an_editor_see_no_errors(production_site):
    seconds = int(os.environ.get("LOAD_SECONDS", "10"))
    summary = load_run(production_site, readers=200, seconds=seconds)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"load-{summary['database']}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print("\nload:", json.dumps(summary, ensure_ascii=False))
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["editor_moves"] > 0
    assert summary["requests"] > 200
