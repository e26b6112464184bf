"""
One database's side of the render benchmark: a process that renders pages on request.

    python -m bench.render_worker DATABASE_URL

Prints one JSON line describing the database and its example pages, then
answers each request line {"key", "runs", "warmup"} with {"status",
"timings_ms", "cpu_ms", "queries"}; cpu_ms is this process's CPU time, which
other work on the machine changes less (it leaves out a database server's).
Django has one default database per process, so the
large and the small archive each get a worker, and the parent alternates
between them so that a busy machine slows both alike.
"""

import json
import sys
import time

from . import django_env


def serve(database_url, lines=sys.stdin, out=sys.stdout):
    django_env.setup(database_url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from articles.models import Article

    from .pages import public_pages

    with override_settings(**django_env.bench_settings()):
        urls = {page.type.key: page.url for page in public_pages()}
        header = {
            "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
            "stories": Article.objects.count(),
            "urls": urls,
        }
        print(json.dumps(header), file=out, flush=True)
        client = Client()
        for line in lines:
            request = json.loads(line)
            url = urls[request["key"]]
            status = client.get(url).status_code
            for _ in range(request["warmup"]):
                client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # Counted now: the captured list is read from the connection's
            # log, which the next request clears.
            query_count = len(queries)
            timings, cpu = [], []
            for _ in range(request["runs"]):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            answer = {"status": status, "timings_ms": timings, "cpu_ms": cpu, "queries": query_count}
            print(json.dumps(answer), file=out, flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
