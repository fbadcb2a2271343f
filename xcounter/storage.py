"""Where uploaded files (posters) live: the local MEDIA_ROOT, or an S3-compatible bucket.

Read by the settings (MEDIA_STORAGE=s3, README "Configuration"), so it reads only the environment.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
# A bucket name AWS serves from its own host name (bucket.s3.amazonaws.com); botocore puts any
# other name (dots, capitals) in the path instead.
_AWS_HOSTED_BUCKET = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")


def s3_media(env) -> tuple[dict, list[str]]:
    """STORAGES["default"] for an S3 bucket, and the origins its file URLs start with (the pages'
    Content-Security-Policy must allow images from them)."""
    bucket = env("S3_BUCKET", default="")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (the bucket that holds the posters).")
    endpoint = env("S3_ENDPOINT_URL", default="") or None  # MinIO, Ceph, another provider; empty for AWS
    region = env("S3_REGION", default="") or None
    custom_domain = env("S3_CUSTOM_DOMAIN", default="") or None  # a CDN in front of the bucket
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        # Empty keys leave it to boto3's own chain (an instance role, AWS_* variables).
        "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
        "custom_domain": custom_domain,
        # A private bucket by default: links are signed and expire (after an hour).
        "querystring_auth": env.bool("S3_QUERYSTRING_AUTH", default=True),
        "default_acl": None,
        "file_overwrite": False,
        "signature_version": "s3v4",
        # Another provider's endpoint holds the bucket in the path; AWS in the host name.
        "addressing_style": "path" if endpoint else "virtual",
    }
    if custom_domain:
        origins = [f"https://{custom_domain}"]
    elif endpoint:
        parts = urlsplit(endpoint)
        origins = [f"{parts.scheme}://{parts.netloc}"]
    elif _AWS_HOSTED_BUCKET.fullmatch(bucket):
        origins = [f"https://{bucket}.s3.amazonaws.com"]
        if region:
            origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    else:
        raise ImproperlyConfigured(
            f"S3_BUCKET {bucket!r}: on AWS use a bucket name of lowercase letters, digits and hyphens, "
            "or give S3_ENDPOINT_URL (e.g. https://s3.eu-central-1.amazonaws.com)."
        )
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}, origins
