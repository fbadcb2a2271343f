# XCounter's image: the web server, the mail worker and the scheduler of compose.yaml all run it.
#   docker build -t xcounter .
# Settings come from the environment at run time (xcounter.settings.production: README,
# "Configuration"); the image holds no secret.

# Front-end libraries from npm, exactly as package-lock.json says (not the test-only devDependencies).
FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
# pg_dump and pg_restore for the backup commands (Debian 12's, PostgreSQL 15: the db service's).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /srv/xcounter
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY --from=assets /build/node_modules ./node_modules
COPY . .
# Static files are collected into the image, where whitenoise serves them. Collecting needs a key
# but no secret: this one exists only during the build.
RUN DEBUG=False SECRET_KEY=collectstatic-only-not-a-secret SINGLE_PROCESS=True \
    python manage.py collectstatic --noinput -v0
RUN useradd --system --home-dir /srv/xcounter xcounter \
    && mkdir -p /srv/xcounter/media /var/backups/xcounter \
    && chown xcounter:xcounter /srv/xcounter/media /var/backups/xcounter
USER xcounter
ENV DJANGO_SETTINGS_MODULE=xcounter.settings.production \
    GUNICORN_BIND=0.0.0.0:8000 \
    MEDIA_ROOT=/srv/xcounter/media \
    STATIC_ROOT=/srv/xcounter/staticfiles
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
