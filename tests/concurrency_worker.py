"""
One process of the concurrency test (tests/test_concurrent_writers.py): an
editor who keeps writing, editing and publishing stories, a reader who keeps
running the public queries, or the night shift taking a backup a third of the
way through, against the database in DATABASE_URL.

    DJANGO_SETTINGS_MODULE=bulletin.settings DEBUG=1 DATABASE_URL=sqlite:////tmp/x.sqlite3 \\
        python -m tests.concurrency_worker writer --index 1 --seconds 60

The worker sets Django up, prints "ready" and waits for a line on stdin, so
that every worker starts at the same moment; then it works for --seconds and
prints one JSON line with its counts, what it committed and every error it met.
It never retries: an error is exactly what the test is looking for.
"""

import argparse
import json
import random
import sys
import time

MAX_ERRORS_REPORTED = 20


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("role", choices=["writer", "reader", "backup"])
    parser.add_argument("--index", type=int, default=1, help="Which writer or reader this is.")
    parser.add_argument("--seconds", type=float, default=8, help="How long to keep working.")
    parser.add_argument("--output", help="Where the backup role writes its backup.")
    args = parser.parse_args()

    import django

    django.setup()
    print("ready", flush=True)
    sys.stdin.readline()
    deadline = time.monotonic() + args.seconds
    if args.role == "backup":
        report = backup(args.output, args.seconds)
    else:
        report = (write if args.role == "writer" else read)(args.index, deadline)
    report.update(role=args.role, index=args.index)
    print(json.dumps(report, ensure_ascii=False), flush=True)


class Errors:
    def __init__(self):
        self.count = 0
        self.messages = []

    def add(self, exc):
        self.count += 1
        if len(self.messages) < MAX_ERRORS_REPORTED:
            self.messages.append(f"{type(exc).__name__}: {exc}")


def write(index, deadline):
    """Create a story, edit one of ours, and now and then submit and publish one; each step one commit."""
    import reversion
    from django.contrib.auth import get_user_model

    from articles import services
    from articles.models import Article

    errors = Errors()
    committed = {}  # story id -> [headline, version, status] as last committed
    writes = 0
    user, _ = get_user_model().objects.get_or_create(
        username=f"concurrency-editor-{index}", defaults={"is_staff": True, "is_superuser": True}
    )

    def remember(story):
        committed[story.pk] = [story.headline, story.version, story.status]

    step = 0
    while time.monotonic() < deadline:
        step += 1
        try:
            with reversion.create_revision():
                new_story = Article.objects.create(
                    headline=f"编辑{index}的第{step}篇稿件", body=f"<p>第{step}篇正文。</p>", created_by=user
                )
                reversion.set_user(user)
            remember(new_story)
            writes += 1

            with reversion.create_revision():
                story = Article.objects.get(pk=random.choice(list(committed)))
                story.headline = f"编辑{index}第{step}次修改的稿件"
                story.updated_by = user
                story.save()
                reversion.set_user(user)
            remember(story)
            writes += 1

            # From the first step on, so a writer slowed down by a busy machine still publishes.
            if step % 3 == 1:
                for action in ("submit", "publish"):
                    new_story = services.transition(article=new_story, action=action, by=user)
                    remember(new_story)
                    writes += 1
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none retried
            errors.add(exc)
    return {"writes": writes, "error_count": errors.count, "errors": errors.messages, "committed": committed}


def read(index, deadline):
    """What a reader's visit costs: the latest headlines, one story in full, and how many are live."""
    from articles.models import Article

    errors = Errors()
    reads = 0
    published_seen = []
    # On a busy machine the writers' first publication may come late: a reader
    # that has seen none by its deadline keeps reading for as long again, no longer.
    grace = deadline + (deadline - time.monotonic())
    while time.monotonic() < deadline or (
        time.monotonic() < grace and (not published_seen or published_seen[-1] == published_seen[0])
    ):
        try:
            listing = list(Article.objects.published().for_listing()[:20])
            reads += 1
            if listing:
                story = Article.objects.published().for_reading().filter(pk=random.choice(listing).pk).first()
                if story is not None:
                    [byline.person.name for byline in story.bylines.all()]
                reads += 1
            published_seen.append(Article.objects.published().count())
            reads += 1
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none retried
            errors.add(exc)
    return {
        "reads": reads,
        "error_count": errors.count,
        "errors": errors.messages,
        "published_first": published_seen[0] if published_seen else None,
        "published_last": published_seen[-1] if published_seen else None,
    }


def backup(output, seconds):
    """`manage.py backup` a third of the way through, while the editors save."""
    from django.core.management import call_command

    time.sleep(seconds / 3)
    started = time.monotonic()
    call_command("backup", output=output)
    return {"seconds": round(time.monotonic() - started, 2)}


if __name__ == "__main__":
    main()
