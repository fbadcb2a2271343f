"""The web container's health check (compose.yaml): exit 0 when /healthz answers 200.

It asks as the site (the first ALLOWED_HOSTS name), since Django answers any other Host with 400.
"""

import os
import sys
import urllib.error
import urllib.request

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
port = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").rpartition(":")[2]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz", headers={"Host": "localhost" if host in ("", "*") else host}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    print(f"healthz: {error}", file=sys.stderr)
    sys.exit(1)
