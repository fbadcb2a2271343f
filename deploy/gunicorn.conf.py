"""gunicorn for XCounter: `gunicorn --config deploy/gunicorn.conf.py` (systemd unit, Docker image).

Settings come from the environment the process is started with (/etc/xcounter.env, compose.yaml);
GUNICORN_BIND and GUNICORN_WORKERS adapt this file to a machine without editing it.
"""

import multiprocessing
import os

wsgi_app = "xcounter.wsgi:application"

# Behind nginx on the same machine (deploy/nginx.conf); the container listens on 0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each serves one request at a time, so several per core. Every worker opens its own
# database connection (CONN_MAX_AGE keeps it): workers × servers must stay under PostgreSQL's
# max_connections.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# A request that takes longer is killed (and logged). No page waits on anything slow: mail goes
# through the outbox, every SMTP step is bounded by EMAIL_TIMEOUT, database connects by 5 s.
timeout = 60
graceful_timeout = 30
# nginx keeps connections to gunicorn short; this only covers a client speaking to it directly.
keepalive = 5
# Recycle workers now and then so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# A request with a huge header is refused before Django sees it.
limit_request_field_size = 8190

# Logs to stdout/stderr, for journald or the container runtime. The access log names each
# response's X-Request-ID, the id the application's own log lines carry.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'

if os.environ.get("LOG_FORMAT") == "json":
    # gunicorn's own lines (start, worker timeouts, the access log) as JSON objects too, so every
    # line of the process is one JSON object.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "xcounter.logging.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
            "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
