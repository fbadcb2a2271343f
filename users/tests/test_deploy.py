"""The documented production setup, for real: deploy/nginx.conf in front of gunicorn running the
production settings (DEBUG off) on this test database, clients talking TLS to nginx from their
own loopback addresses (127.0.0.2, 127.0.0.3 …) as different people on the internet would."""

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection

from movies import services as movie_services
from movies.tests.factories import MovieFactory, image_upload
from users.tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
HOST = "tickets.example.com"
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")

pytestmark = pytest.mark.django_db(transaction=True)


def production_env(**extra):
    """The process environment of a production server: DEBUG off and the documented variables."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
        and not key.startswith("TRUSTED_")
    }
    return {
        **inherited,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def database_url() -> str:
    """This test's database (the test copy), for a server in another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    where = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{where}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} stopped:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing answered on port {port}:\n{log.read_text()}")


def stop(process: subprocess.Popen):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """`collectstatic`, as the production section says (whitenoise serves the result)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(root), SINGLE_PROCESS="True"),
        check=True,
    )
    return root


@pytest.fixture
def gunicorn(static_root, tmp_path, transactional_db):
    """The application as the README runs it, on this test's database and media folder."""
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = production_env(
        DATABASE_URL=database_url(),
        CONN_MAX_AGE="0",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        STATIC_ROOT=str(static_root),
        SINGLE_PROCESS="True",  # one worker here; production sets REDIS_URL instead
    )
    with log.open("w") as output:
        process = subprocess.Popen(
            # deploy/gunicorn.conf.py as the unit runs it, on this test's port with one worker.
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log)
        yield port
    finally:
        stop(process)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={HOST}"],
        check=True,
        capture_output=True,
    )
    return cert, key


def site_config(*, https_port, http_port, upstream_port, cert, key, static_root) -> str:
    """deploy/nginx.conf with this machine's ports, certificate, STATIC_ROOT and MEDIA_ROOT put in
    for the documented ones (each must be there, so the test follows the file)."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    for documented, here in {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
        "alias /srv/xcounter/media/;": f"alias {settings.MEDIA_ROOT}/;",
        "alias /srv/xcounter/staticfiles/;": f"alias {static_root}/;",
        "proxy_pass http://127.0.0.1:8000;": f"proxy_pass http://127.0.0.1:{upstream_port};",
    }.items():
        assert documented in text, f"deploy/nginx.conf no longer has {documented!r}"
        text = text.replace(documented, here)
    return text


@pytest.fixture
def nginx(gunicorn, static_root, tmp_path):
    """nginx with deploy/nginx.conf, wrapped in a main config that keeps its files in tmp_path."""
    assert NGINX, "the deployment tests need nginx: `make test` installs it as root (apt-get install nginx)"
    folder = tmp_path / "nginx"
    folder.mkdir()
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(folder)
    https_port, http_port = free_port(), free_port()
    (folder / "xcounter.conf").write_text(
        site_config(
            https_port=https_port,
            http_port=http_port,
            upstream_port=gunicorn,
            cert=cert,
            key=key,
            static_root=static_root,
        )
    )
    temp_paths = "\n".join(
        f"  {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""  # the workers read tmp_path
    (folder / "main.conf").write_text(
        f"""{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {folder}/access.log;
{temp_paths}
  include {folder}/xcounter.conf;
}}
"""
    )
    log = folder / "error.log"
    command = [NGINX, "-p", str(folder), "-e", str(log), "-c", str(folder / "main.conf")]
    tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(https_port, process, log)
        yield {"https": https_port, "http": http_port, "app": gunicorn}
    finally:
        stop(process)


def exchange(conn, cookies: dict, method, path, body, headers):
    """One request with the browser's cookies; the cookies it sets are kept for the next."""
    if cookies:
        headers = {**headers, "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        content = response.read()
    finally:
        conn.close()
    for cookie in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = cookie.partition("=")
        cookies[name] = rest.split(";")[0]
    return response, content


class Visitor:
    """One person's browser: its own address, its own cookies, TLS to nginx."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, body=None, headers=None):
        tls = ssl.create_default_context()
        tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE  # the test's own certificate
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.port, source_address=(self.address, 0), context=tls, timeout=30
        )
        sent = {"Host": HOST, **(headers or {})}
        return exchange(conn, self.cookies, method, path, body, sent)

    def sign_in(self, email, password, headers=None):
        _, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode()).group(1)
        form = urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
        return self.request(
            "POST",
            "/accounts/login/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}/accounts/login/",
                **(headers or {}),
            },
        )


def customer(email):
    """A verified customer whose password production's hasher can check."""
    user = UserFactory(email=email)
    user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    user.save(update_fields=["password"])
    return user


def test_one_attacker_behind_the_proxy_does_not_lock_out_another_customer(nginx):
    customer("nina@example.com")
    attacker, nina = Visitor(nginx["https"], "127.0.0.2"), Visitor(nginx["https"], "127.0.0.3")

    # Failed sign-ins are limited per client address (10 a minute), across the addresses tried.
    for n in range(10):
        response, page = attacker.sign_in(f"guess{n}@example.com", "wrong-password")
        assert response.status == 200 and b"not correct" in page
    response, page = attacker.sign_in("guess10@example.com", "wrong-password")
    assert b"Too many failed login attempts" in page
    # Claiming another address in X-Forwarded-For does not reset the count: nginx appends the real one.
    response, page = attacker.sign_in("guess11@example.com", "wrong-password", {"X-Forwarded-For": "198.51.100.7"})
    assert b"Too many failed login attempts" in page

    # Nina comes through the same proxy from her own address and signs in.
    response, _ = nina.sign_in("nina@example.com", PASSWORD)
    assert response.status == 302
    assert response.getheader("Location") == "/dashboard/"


def test_posters_and_pages_are_served_through_nginx_with_security_headers(nginx):
    movie = MovieFactory(title="Winter Harbour", slug="winter-harbour", poster=image_upload(size=(240, 360)))
    movie_services.movie_save(movie=movie, genres=[], poster_changed=True)
    visitor = Visitor(nginx["https"], "127.0.0.2")

    response, page = visitor.request("GET", "/movies/winter-harbour/")
    assert response.status == 200
    assert b"Winter Harbour" in page
    policy = response.getheader("Content-Security-Policy")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "script-src" not in policy and "style-src" not in policy
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert "geolocation=()" in response.getheader("Permissions-Policy")
    assert response.getheader("Server") == "nginx"  # no version, and not the application server's
    assert response.getheader("Strict-Transport-Security")

    poster = re.search(r'<img src="(/media/[^"]+)"', page.decode()).group(1)
    response, image = visitor.request("GET", poster)
    assert response.status == 200
    assert response.getheader("Content-Type") == "image/png"
    assert image == (Path(settings.MEDIA_ROOT) / poster.removeprefix("/media/")).read_bytes()
    assert response.getheader("Server") == "nginx"

    # Without nginx, production serves no uploads, and says it is gunicorn.
    direct = http.client.HTTPConnection("127.0.0.1", nginx["app"], timeout=30)
    direct.request("GET", poster, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
    response = direct.getresponse()
    assert response.status == 404
    assert response.getheader("Server").startswith("gunicorn")
    direct.close()

    # Plain HTTP is sent to HTTPS by nginx.
    plain = http.client.HTTPConnection("127.0.0.1", nginx["http"], timeout=30)
    plain.request("GET", "/movies/winter-harbour/", headers={"Host": HOST})
    response = plain.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/movies/winter-harbour/"
    assert response.getheader("Server") == "nginx"
    plain.close()


def test_static_files_come_from_collectstatic_through_nginx(nginx, static_root):
    visitor = Visitor(nginx["https"], "127.0.0.2")
    _, page = visitor.request("GET", "/")
    stylesheet = re.search(r'<link[^>]+href="(/static/css/xcounter\.[0-9a-f]+\.css)"', page.decode()).group(1)

    response, css = visitor.request("GET", stylesheet)
    assert response.status == 200
    assert css == (static_root / stylesheet.removeprefix("/static/")).read_bytes()
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    # Compressed when the browser takes it: the .gz collectstatic wrote.
    response, gz = visitor.request("GET", stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert gz == (static_root / (stylesheet.removeprefix("/static/") + ".gz")).read_bytes()

    # nginx reads STATIC_ROOT itself: a file put there after gunicorn started (whitenoise only knows
    # the files it found at start) is served, and a missing one is a 404 that is not kept a year.
    (static_root / "late.txt").write_text("collected after the start")
    response, body = visitor.request("GET", "/static/late.txt")
    assert (response.status, body) == (200, b"collected after the start")
    response, _ = visitor.request("GET", "/static/never-collected.css")
    assert response.status == 404 and response.getheader("Cache-Control") is None


def test_the_health_probe_is_answered_on_plain_http_and_pages_still_go_to_https(nginx):
    plain = http.client.HTTPConnection("127.0.0.1", nginx["http"], timeout=30)
    plain.request("GET", "/healthz", headers={"Host": HOST})
    response = plain.getresponse()
    body = response.read()
    assert response.status == 200, body
    assert json.loads(body)["status"] == "ok"
    assert "no-store" in response.getheader("Cache-Control")
    assert len(response.getheader("X-Request-ID")) == 32  # nginx's $request_id, passed through
    plain.request("GET", "/accounts/login/", headers={"Host": HOST})
    response = plain.getresponse()
    response.read()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/accounts/login/"
    plain.close()
