"""deploy/varnish/start: the VCL it renders compiles with varnishd; what it cannot render safely, it refuses."""

import importlib.machinery
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bench.varnish import START, varnishd_installed

SECRET = "a-long-enough-purge-secret"


def start_script():
    loader = importlib.machinery.SourceFileLoader("varnish_start", str(START))
    spec = importlib.util.spec_from_loader("varnish_start", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.mark.skipif(not varnishd_installed(), reason="needs varnishd (make edge-deps)")
def test_the_rendered_vcl_compiles_with_every_app_server_its_health_check_and_the_purge_secret(request):
    vcl = start_script().render(
        [("10.0.0.11", "8000"), ("10.0.0.12", "8000")],
        ["10.0.0.11", "10.0.0.12"],
        SECRET,
        "sessionid",
        "news.example.org",
    )
    assert not re.search(r"@[A-Z_]+@", vcl)  # every mark filled in
    # varnishd compiles as its own unprivileged user: a directory it can reach (pytest's are 0700 at the top).
    workdir = Path(tempfile.mkdtemp(prefix="bulletin-vcl-"))
    workdir.chmod(0o755)
    request.addfinalizer(lambda: shutil.rmtree(workdir, ignore_errors=True))
    path = workdir / "default.vcl"
    path.write_text(vcl)
    path.chmod(0o644)
    varnishd = "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else "varnishd"
    command = [varnishd, "-C", "-n", str(workdir / "n"), "-f", str(path)]
    compiled = subprocess.run(command, capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stderr[-2000:]
    for part in ("10.0.0.11", "10.0.0.12", "Host: news.example.org", SECRET, "xkey"):
        assert part in compiled.stderr  # -C prints the C it compiled the VCL into


@pytest.mark.parametrize(
    "args, secret",
    [
        (["127.0.0.1:6081", "127.0.0.1:8000"], "short"),
        (["127.0.0.1:6081", "127.0.0.1:8000"], 'quote"in-the-secret-here'),
        (["127.0.0.1:6081", "no-port"], SECRET),
        (["127.0.0.1:6081", "127.0.0.1:8000", "--probe-host", 'x" "Evil: 1'], SECRET),
    ],
)
def test_start_refuses_a_weak_or_unsafe_secret_a_backend_without_port_and_a_host_that_is_no_host(
    args, secret, tmp_path
):
    run = subprocess.run(
        [sys.executable, str(START), *args, "--workdir", str(tmp_path)],
        env={**os.environ, "EDGE_PURGE_SECRET": secret},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "error" in run.stderr
    assert not (tmp_path / "varnishd.pid").exists()
