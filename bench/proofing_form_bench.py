"""
Does the 校对 panel slow the story form down when the newsroom's lists are long?

    python -m bench.proofing_form_bench [--runs 40]

In a scratch SQLite database with the demo edition: the median time to draw
the admin's change form of the seed page's longest story (its 校对 panel
included) with the lists as the migrations seed them, then with lists a
decade of editing might leave (3,000 规范表述, 2,000 fixed names, 500 禁用词),
and the same with the panel's checks switched off, so that the panel's own
share is seen. The lists are loaded once per process and kept until they
change (proofing.lists_for_checking), so the first request after a change
pays for loading them; it is shown apart.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import django_env


def timed(client, url, runs):
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(samples)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="proofing-form-bench-"))
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    django_env.setup(f"sqlite:///{folder / 'site.sqlite3'}")
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from articles.models import Article
    from proofing.models import BannedWord, PreferredForm, ProtectedName

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_edition", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.contrib.auth.models import User

    editor = User.objects.create_superuser("bench-editor", password="x")
    story = max(Article.objects.all(), key=lambda article: len(article.body))
    url = reverse("admin:articles_article_change", args=[story.pk])
    # Static files without a manifest (nothing collected), and a cache that keeps things, as Redis does.
    overrides = {
        **django_env.bench_settings(),
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    }
    with override_settings(**overrides):
        client = Client()
        client.force_login(editor)
        client.get(url)
        seeded = timed(client, url, args.runs)
        PreferredForm.objects.bulk_create(
            PreferredForm(wrong=f"不规范写法{n:04d}号", right=f"规范写法{n:04d}号") for n in range(3000)
        )
        ProtectedName.objects.bulk_create(ProtectedName(name=f"乌海市第{n:04d}号机构全称") for n in range(2000))
        BannedWord.objects.bulk_create(BannedWord(word=f"禁用词语{n:03d}") for n in range(500))
        # One save, as an editor adding a word would make: the lists are loaded again on the next check.
        BannedWord.objects.create(word="最后一个禁用词")
        began = time.perf_counter()
        client.get(url)
        first = (time.perf_counter() - began) * 1000
        long_lists = timed(client, url, args.runs)
    chars = len(story.body)
    print(f"\nThe story form of “{story.headline_text}” ({chars} characters of HTML), median of {args.runs}:\n")
    print("| lists | ms per form |")
    print("|---|---:|")
    print(f"| as seeded | {seeded:.1f} |")
    print(f"| 3,000 规范表述 + 2,000 names + 500 禁用词 | {long_lists:.1f} |")
    print(f"| first form after the lists changed (loading them) | {first:.1f} |")
    print(f"\nratio long/seeded: {long_lists / seeded:.2f}")
    return 0 if long_lists <= seeded * 1.10 else 1


if __name__ == "__main__":
    sys.exit(main())
