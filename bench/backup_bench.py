"""
Backup and restore of a generated archive, timed beside PostgreSQL's own tools in one run.

    python -m bench.backup_bench --database-url postgres://postgres@127.0.0.1:5432/bulletin_bench \
        [--sqlite bench/results/archive10y.sqlite3] [--runs 1] [--jobs 2]

For the PostgreSQL archive, in turn: `manage.py backup` against `pg_dump -Fc`
on the same database, then `manage.py restore` of that bundle into a fresh,
migrated database against `pg_restore` of the dump into another fresh one
(and `pg_restore -j JOBS`). For a SQLite archive: backup and restore into a
fresh file. Each step runs as its own process under /usr/bin/time, which
reports wall seconds and peak RSS; the table gives both and the ratios to
pg_dump and pg_restore. Scratch databases are dropped afterwards.

Both carry the search index's rows and build its GIN index again on restore
(ours since the bundle's format 2; before, restore cut every story's text
into terms again). Ours also refreshes the statistics (VACUUM ANALYZE), which
pg_restore leaves to autovacuum.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TIME = "/usr/bin/time"


def timed(command, env=None):
    """(wall seconds, peak RSS in MB) of running `command`; exits on failure."""
    result = subprocess.run(
        [TIME, "-f", "__timed__ %e %M", *command], env=env, cwd=REPO, capture_output=True, text=True
    )
    found = re.search(r"__timed__ ([\d.]+) (\d+)", result.stderr)
    if result.returncode != 0 or not found:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return float(found.group(1)), int(found.group(2)) / 1024


def django_env(database_url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-" + "x" * 60,
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1:8000",
    )
    env.pop("REDIS_URL", None)
    return env


def manage(database_url, *args):
    return timed([PYTHON, "manage.py", *args], env=django_env(database_url))


def pg_params(database_url):
    pattern = r"postgres(?:ql)?://(?P<user>[^@/:]+)@(?P<host>[^:/]+):(?P<port>\d+)/(?P<name>[^?]+)"
    found = re.match(pattern, database_url)
    if not found:
        sys.exit(f"cannot read {database_url}")
    return found.groupdict()


def psql(params, statement):
    subprocess.run(
        ["psql", "-h", params["host"], "-p", params["port"], "-U", params["user"], "-qAt", "-c", statement, "postgres"],
        check=True,
        capture_output=True,
    )


def fresh_postgres(params, name):
    psql(params, f'DROP DATABASE IF EXISTS "{name}"')
    psql(params, f'CREATE DATABASE "{name}"')
    return f"postgres://{params['user']}@{params['host']}:{params['port']}/{name}"


def size_mb(path):
    return Path(path).stat().st_size / 1024 / 1024


def postgres_rows(database_url, runs, jobs, workdir):
    params = pg_params(database_url)
    connection = ["-h", params["host"], "-p", params["port"], "-U", params["user"]]
    bundle, dump = Path(workdir) / "bundle.tar.gz", Path(workdir) / "archive.dump"
    ours_backup, theirs_backup, ours_restore, theirs_restore, theirs_restore_jobs = [], [], [], [], []
    scratch = []
    try:
        for run in range(runs):
            bundle.unlink(missing_ok=True)
            dump.unlink(missing_ok=True)
            ours_backup.append(manage(database_url, "backup", "--output", str(bundle)))
            theirs_backup.append(timed(["pg_dump", *connection, "-Fc", "-f", str(dump), params["name"]]))

            target = fresh_postgres(params, f"bench_restore_ours_{run}")
            scratch.append(f"bench_restore_ours_{run}")
            manage(target, "migrate", "--verbosity", "0")
            ours_restore.append(manage(target, "restore", str(bundle)))

            name = f"bench_restore_theirs_{run}"
            fresh_postgres(params, name)
            scratch.append(name)
            theirs_restore.append(timed(["pg_restore", *connection, "-d", name, str(dump)]))
            name = f"bench_restore_theirs_j_{run}"
            fresh_postgres(params, name)
            scratch.append(name)
            theirs_restore_jobs.append(timed(["pg_restore", *connection, "-j", str(jobs), "-d", name, str(dump)]))
            for database in scratch:
                psql(params, f'DROP DATABASE IF EXISTS "{database}"')
            scratch.clear()
    finally:
        for database in scratch:
            psql(params, f'DROP DATABASE IF EXISTS "{database}"')
    return [
        ("PostgreSQL", "backup (ours)", ours_backup, size_mb(bundle)),
        ("PostgreSQL", "pg_dump -Fc", theirs_backup, size_mb(dump)),
        ("PostgreSQL", "restore (ours)", ours_restore, None),
        ("PostgreSQL", "pg_restore", theirs_restore, None),
        ("PostgreSQL", f"pg_restore -j {jobs}", theirs_restore_jobs, None),
    ]


def sqlite_rows(path, runs, workdir):
    source = f"sqlite:///{Path(path).resolve()}"
    bundle = Path(workdir) / "sqlite-bundle.tar.gz"
    backups, restores = [], []
    for run in range(runs):
        bundle.unlink(missing_ok=True)
        backups.append(manage(source, "backup", "--output", str(bundle)))
        target = Path(workdir) / f"restored-{run}.sqlite3"
        target.unlink(missing_ok=True)
        target_url = f"sqlite:///{target}"
        manage(target_url, "migrate", "--verbosity", "0")
        restores.append(manage(target_url, "restore", str(bundle)))
        target.unlink(missing_ok=True)
    return [("SQLite", "backup (ours)", backups, size_mb(bundle)), ("SQLite", "restore (ours)", restores, None)]


def print_table(rows):
    medians = {(database, step): statistics.median(s for s, _ in runs) for database, step, runs, _ in rows}
    base = {"backup": medians.get(("PostgreSQL", "pg_dump -Fc")), "restore": medians.get(("PostgreSQL", "pg_restore"))}
    print("| database | step | seconds (median) | ÷ pg_dump / pg_restore | peak RSS MB | file MB |")
    print("|---|---|---:|---:|---:|---:|")
    for database, step, runs, size in rows:
        seconds = medians[(database, step)]
        kind = "restore" if "restore" in step else "backup"
        ratio = f"{seconds / base[kind]:.2f}" if base[kind] else "–"
        rss = max(r for _, r in runs)
        print(
            f"| {database} | {step} | {seconds:.1f} | {ratio} | {rss:.0f} | {size:.0f} |"
            if size
            else f"| {database} | {step} | {seconds:.1f} | {ratio} | {rss:.0f} | |"
        )
    print(f"load average: {os.getloadavg()[0]:.2f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="a PostgreSQL archive (postgres://user@host:port/name)")
    parser.add_argument("--sqlite", help="a SQLite archive file")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="pg_restore -j for the parallel row")
    parser.add_argument("--workdir", help="where bundles and dumps go (default: a temporary folder)")
    args = parser.parse_args(argv)
    if not (args.database_url or args.sqlite):
        parser.error("give --database-url, --sqlite or both")
    with tempfile.TemporaryDirectory(prefix="backup-bench-", dir=args.workdir) as workdir:
        rows = []
        if args.database_url:
            rows += postgres_rows(args.database_url, args.runs, args.jobs, workdir)
        if args.sqlite:
            rows += sqlite_rows(args.sqlite, args.runs, workdir)
        print_table(rows)


if __name__ == "__main__":
    main()
