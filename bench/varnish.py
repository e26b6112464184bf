"""Varnish in front of app servers on loopback, started by deploy/varnish/start, for the edge tests and benchmark."""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

from .stack import ROOT

START = ROOT / "deploy" / "varnish" / "start"


def varnishd_installed():
    return bool(shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists())


@contextmanager
def varnish(port, backends, secret, *, memory="128m", params=(), probe_host=None):
    """varnishd on 127.0.0.1:`port` in front of `backends` (base URLs), until the block ends."""
    # Its own instance directory, where varnishd's unprivileged user can reach it (not under a 0700 parent).
    workdir = Path(tempfile.mkdtemp(prefix="bulletin-varnish-"))
    workdir.chmod(0o755)
    addresses = [urllib.parse.urlsplit(base).netloc for base in backends]
    command = [str(START), f"127.0.0.1:{port}", *addresses, "--workdir", str(workdir), "--memory", memory]
    for param in params:
        command += ["--param", param]
    if probe_host:
        command += ["--probe-host", probe_host]
    process = subprocess.Popen([*command, "--foreground"], env={**os.environ, "EDGE_PURGE_SECRET": secret})
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"varnishd exited with {process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("varnishd did not start listening") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        shutil.rmtree(workdir, ignore_errors=True)


def fetch(base, path, *, method="GET", headers=None):
    """(status, headers as a dict with lower-case names, body bytes) of one request, without following redirects."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, body
    finally:
        connection.close()
