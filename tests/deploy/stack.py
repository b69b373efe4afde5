"""The production stack of deploy/, started by the tests: nginx (Debian's package) with deploy/nginx-idmix.conf,
app servers started by the command of deploy/systemd/idmix.service with the settings of deploy/idmix.env, a
self-signed certificate made here. The templates' ``__NAMES__`` are replaced as docs/installation.md says."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV = Path(sys.executable).parent.parent
START_TIMEOUT = 120.0  # seconds: two workers importing both apps take 5 to 40 on a busy machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render(text: str, values: dict[str, str], *, app_addresses: list[str] | None = None) -> str:
    """Replace each ``__NAME__`` by ``values[NAME]``; the upstream's ``server __APP_ADDRESS__`` line is repeated
    for each address (one line per app server, as docs/installation.md says)."""
    if app_addresses:
        text = "\n".join("\n".join(line.replace("__APP_ADDRESS__", address) for address in app_addresses)
                         if "server __APP_ADDRESS__" in line else line for line in text.splitlines()) + "\n"
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for name in set(re.findall(r"__([A-Z_]+)__", body)):
        text = text.replace(f"__{name}__", values[name])
    return text


def environment_file(path: Path) -> dict[str, str]:
    """The ``KEY=value`` lines of a systemd EnvironmentFile (comments skipped, double quotes removed)."""
    found = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            found[key.strip()] = value.strip().removeprefix('"').removesuffix('"')
    return found


def unit_commands(path: Path, key: str = "ExecStart") -> list[str]:
    """The ``key=`` lines of a systemd unit (``ExecStart``, ``ExecStartPost``...)."""
    return [line.split("=", 1)[1] for line in path.read_text().splitlines() if line.startswith(f"{key}=")]


def systemd_argv(command: str, env: dict[str, str]) -> list[str]:
    """A unit's command line as systemd runs it: ``__VENV__``, ``__APP_DIR__`` replaced, ``${VAR}`` expanded."""
    command = render(command, {"VENV": str(VENV), "APP_DIR": str(ROOT)})
    return [re.sub(r"\$\{(\w+)\}", lambda match: env[match.group(1)], word) for word in shlex.split(command)]


def production_environment(database_url: str, instance: Path, bind: str) -> dict[str, str]:
    """deploy/idmix.env with this run's database, instance folder and address, over the test's environment."""
    settings = environment_file(DEPLOY / "idmix.env")
    settings["GUNICORN_CMD_ARGS"] = settings["GUNICORN_CMD_ARGS"].replace("127.0.0.1:8000", bind).replace(
        "--workers 3", "--workers 2")
    settings |= {"IDMIX_DATABASE_URL": database_url, "IDMIX_INSTANCE_PATH": str(instance),
                 "IDMIX_BASE_URL": "https://127.0.0.1"}
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("IDMIX_", "GUNICORN"))}
    return inherited | settings


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclass
class AppServer:
    address: str
    process: subprocess.Popen
    log_path: Path
    instance: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the gunicorn master and its workers at once, as a crash or a pulled cable would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@contextlib.contextmanager
def app_server(database_url: str, instance: Path, log_path: Path, address: str | None = None) -> Iterator[AppServer]:
    """One app server as deploy/systemd/idmix.service starts it, on ``address`` or a free 127.0.0.1 port."""
    address = address or f"127.0.0.1:{free_port()}"
    env = production_environment(database_url, instance, address)
    argv = systemd_argv(unit_commands(DEPLOY / "systemd" / "idmix.service")[0], env)
    with log_path.open("wb") as log:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = AppServer(address, process, log_path, instance)
    try:
        _wait_until(lambda: _answers(f"http://{address}/healthz"), process, server.log)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@dataclass
class Nginx:
    http_url: str
    https_url: str
    folder: Path

    def access_log(self) -> str:
        return self._read("access.log")

    def error_logs(self) -> str:
        """nginx's own error log (the server's start) and the site's (deploy/nginx-idmix.conf's error_log)."""
        return self._read("error.log") + self._read("idmix-error.log")

    def _read(self, name: str) -> str:
        path = self.folder / name
        return path.read_text(errors="replace") if path.exists() else ""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        if os.environ.get("CI") or os.environ.get("IDMIX_REQUIRE_BROWSER"):
            pytest.fail("nginx is missing: apt-get install nginx (.ci/run does)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return found


@contextlib.contextmanager
def nginx(folder: Path, app_addresses: list[str]) -> Iterator[Nginx]:
    """nginx with deploy/nginx-idmix.conf and deploy/nginx-idmix-proxy.conf, on free 127.0.0.1 ports."""
    binary = nginx_binary()
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(folder)
    http_port, https_port = free_port(), free_port()
    import flask_admin

    site = render((DEPLOY / "nginx-idmix.conf").read_text(), {
        "SERVER_NAME": "127.0.0.1 localhost", "HTTP_LISTEN": f"127.0.0.1:{http_port}",
        "HTTPS_LISTEN": f"127.0.0.1:{https_port}", "TLS_CERTIFICATE": str(cert), "TLS_KEY": str(key),
        "APP_DIR": str(ROOT), "FLASK_ADMIN_STATIC": str(Path(flask_admin.__file__).parent / "static"),
        "ACCESS_LOG": str(folder / "access.log"), "ERROR_LOG": str(folder / "idmix-error.log")},
        app_addresses=app_addresses)
    (folder / "idmix-site.conf").write_text(site)
    shutil.copy(DEPLOY / "nginx-idmix-proxy.conf", folder / "idmix-proxy.conf")
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers read the worktree's static files
    (folder / "nginx.conf").write_text(f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include idmix-site.conf;
}}
""")
    process = subprocess.Popen([binary, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    error_log = folder / "error.log"
    try:
        _wait_until(lambda: _port_open(https_port), process,
                    lambda: error_log.read_text() if error_log.exists() else "")
        yield Nginx(f"http://127.0.0.1:{http_port}", f"https://127.0.0.1:{https_port}", folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _answers(url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as answer:
        return answer.status == 200
    return False


def _port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def _wait_until(ready, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped at start-up:\n{log()}")
        if ready():
            return
        time.sleep(0.1)
    pytest.fail(f"{process.args[0]} did not start within {START_TIMEOUT:.0f} s:\n{log()}")
