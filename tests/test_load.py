"""
Readers in a burst while the night desk publishes and withdraws: no errors.

CI runs a shorter form (LOAD_SECONDS, default 10 s, 200 concurrent readers);
bench/load_test.py runs the full 60 s and prints the same figures.
"""

import json
import os
from pathlib import Path

import pytest

from bench.load_test import load_run

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
pytestmark = pytest.mark.xdist_group("servers")


def test_two_hundred_readers_and_an_editor_see_no_errors(production_site):
    seconds = int(os.environ.get("LOAD_SECONDS", "10"))
    summary = load_run(production_site, readers=200, seconds=seconds)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"load-{summary['database']}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print("\nload:", json.dumps(summary, ensure_ascii=False))
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["editor_moves"] > 0
    assert summary["requests"] > 200
