"""xcounter.settings.production: no default for anything that must be the site's own, and clean
under `check --deploy`; media on S3 when MEDIA_STORAGE=s3."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = "xcounter.settings.production"
# Everything the README documents for production (the required ones, and the optional ones a
# production server usually sets).
DOCUMENTED = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": lambda: "tickets.example.com",
    "SITE_URL": lambda: "https://tickets.example.com",
    "DATABASE_URL": lambda: "postgres://xcounter:secret@db.example.com:5432/xcounter",
    "REDIS_URL": lambda: "redis://redis.example.com:6379/0",
    "EMAIL_URL": lambda: "smtp+tls://mailer:secret@smtp.example.com:587",
    "DEFAULT_FROM_EMAIL": lambda: "Grand Cinema <tickets@example.com>",
    "CSRF_TRUSTED_ORIGINS": lambda: "https://tickets.example.com",
    "ADMINS": lambda: "Ann Admin <ann@example.com>",
    "LOG_FORMAT": lambda: "json",
}
PRINT_SETTINGS = (
    "from django.conf import settings as s; from django.core.files.storage import storages; d = storages['default'];"
    "print(s.DEBUG, s.EMAIL_DELIVERY, s.SECURE_SSL_REDIRECT, s.STORAGES['staticfiles']['BACKEND'],"
    " type(d).__module__ + '.' + type(d).__name__)"
)


def manage(*args, settings=PRODUCTION, **env):
    """manage.py in a fresh process with only the given variables of ours set."""
    ours = {
        *DOCUMENTED,
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SINGLE_PROCESS",
        "MEDIA_STORAGE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours and not k.startswith("S3_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings, **env},
        capture_output=True,
        text=True,
    )


def documented(**overrides):
    return {**{name: value() for name, value in DOCUMENTED.items()}, **overrides}


def test_check_deploy_reports_no_issues_with_the_documented_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **documented())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_refuses_to_start_without_any_required_variable_and_names_them():
    required = [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
    ]
    result = manage("check", CSRF_TRUSTED_ORIGINS="https://tickets.example.com")
    assert result.returncode != 0
    assert f"Production settings have no default for {', '.join(required)}" in result.stderr

    for name in required:  # each one alone is enough to refuse, an empty value too
        result = manage("check", **documented(**{name: ""}))
        assert result.returncode != 0 and f"no default for {name}:" in result.stderr, name


def test_refuses_a_development_or_short_secret_key():
    for weak in ("django-insecure-" + "x" * 60, "too-short", "a" * 60):
        result = manage("check", **documented(SECRET_KEY=weak))
        assert result.returncode != 0 and "SECRET_KEY must be 50 or more random characters" in result.stderr


def test_debug_is_off_whatever_the_environment_says():
    result = manage("shell", "-c", PRINT_SETTINGS, **documented(DEBUG="True"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False worker True whitenoise.storage.CompressedManifestStaticFilesStorage "
        "django.core.files.storage.filesystem.FileSystemStorage"
    )


def media_on_s3(**s3):
    code = (
        f"{PRINT_SETTINGS}; print(d.bucket_name, d.url('posters/winter-harbour.png'));"
        " print(*s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    result = manage("shell", "-c", code, **documented(MEDIA_STORAGE="s3", **s3))
    assert result.returncode == 0, result.stderr
    chosen, url, img_src = result.stdout.strip().splitlines()[-3:]
    return chosen.split()[-1], url.split(), img_src.split()


def test_media_storage_s3_stores_posters_in_the_bucket_and_pages_may_show_them():
    """No network: the storage is chosen and signs its URLs locally."""
    minio = {"S3_BUCKET": "posters", "S3_ENDPOINT_URL": "https://minio.example.com:9000"}
    backend, (bucket, url), img_src = media_on_s3(**minio, S3_ACCESS_KEY_ID="AK", S3_SECRET_ACCESS_KEY="SK")
    assert backend == "storages.backends.s3.S3Storage" and bucket == "posters"
    assert url.startswith("https://minio.example.com:9000/posters/posters/winter-harbour.png?")
    assert "X-Amz-Signature=" in url  # a private bucket: signed links
    assert img_src == ["'self'", "data:", "https://minio.example.com:9000"]

    # AWS itself, and a CDN in front of the bucket: the poster's origin is allowed by the CSP.
    for s3 in (
        {"S3_BUCKET": "grand-cinema-posters", "S3_REGION": "eu-central-1"},
        {"S3_BUCKET": "grand-cinema-posters", "S3_REGION": "us-east-1"},
        {"S3_BUCKET": "posters", "S3_CUSTOM_DOMAIN": "media.example.com", "S3_QUERYSTRING_AUTH": "False"},
    ):
        backend, (_, url), img_src = media_on_s3(**s3, S3_ACCESS_KEY_ID="AK", S3_SECRET_ACCESS_KEY="SK")
        parts = urlsplit(url)
        assert backend == "storages.backends.s3.S3Storage"
        assert f"{parts.scheme}://{parts.netloc}" in img_src, (s3, url, img_src)


def test_local_disk_stays_the_default_and_s3_needs_a_bucket():
    result = manage("shell", "-c", PRINT_SETTINGS, settings="xcounter.settings.base")
    assert result.stdout.strip().splitlines()[-1].endswith("django.core.files.storage.filesystem.FileSystemStorage")

    result = manage("check", **documented(MEDIA_STORAGE="s3"))
    assert result.returncode != 0 and "MEDIA_STORAGE=s3 needs S3_BUCKET" in result.stderr
    result = manage("check", **documented(MEDIA_STORAGE="ftp"))
    assert result.returncode != 0 and "MEDIA_STORAGE must be local or s3, not 'ftp'" in result.stderr
