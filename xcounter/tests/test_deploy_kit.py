"""deploy/, Dockerfile and compose.yaml, checked with the tools this machine has: every command they
start is a real one (management commands with options that parse, files that exist), systemd's own
verifier reads the units where it is installed, and the periodic commands are all scheduled, the
same way by the systemd timers, the crontab and the scheduler container."""

import importlib.util
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.management import CommandError, get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
INSTALLED = "/srv/xcounter"  # where the units and the crontab expect the checkout
# Every command the operators' table asks to run periodically (README, "Operators: commands for cron").
PERIODIC = {
    "release_expired_holds",
    "send_automated_notifications",
    "refresh_promotion_tiers",
    "cleanup_expired_coupons",
    "check_integrity",
    "cleanup_expired_shows",
    "create_system_backup",
    "clearsessions",  # sessions live in the database: expired ones are deleted nightly
    "send_scheduled_reports",  # daily; each scheduled report goes once per period
}
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "tickets.example.com",
    "SITE_URL": "https://tickets.example.com",
    "DATABASE_URL": "postgres://xcounter:secret@db.example.com:5432/xcounter",
    "REDIS_URL": "redis://redis.example.com:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "DEFAULT_FROM_EMAIL": "Grand Cinema <tickets@example.com>",
}


def scheduler():
    spec = importlib.util.spec_from_file_location("deploy_scheduler", DEPLOY / "scheduler.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_management_command(argv):
    """`manage.py NAME OPTIONS…` would run: NAME is a command and it accepts these options."""
    name, *options = argv
    assert name in get_commands(), f"{name} is not a management command"
    parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
    try:
        parser.parse_args(options)
    except CommandError as error:
        pytest.fail(f"manage.py {' '.join(argv)}: {error}")


def assert_runs(command: list[str]):
    """A container's or unit's command: manage.py with real options, or one of our files."""
    program = Path(command[0]).name
    if program in ("python", "python3") and command[1] == "manage.py":
        assert_management_command(command[2:])
    elif program in ("python", "python3"):
        assert (ROOT / command[1]).is_file(), command
        for argument in command[2:]:
            assert (ROOT / argument).is_file(), command
    elif program == "gunicorn":
        assert command[1:3] == ["--config", "deploy/gunicorn.conf.py"], command
    else:
        pytest.fail(f"unknown program in {command}")


def unit(path: Path) -> dict[str, dict[str, str]]:
    sections, section = {}, None
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            section = sections.setdefault(line.strip("[]"), {})
        else:
            key, _, value = line.partition("=")
            assert key not in section, f"{path.name}: {key} twice"
            section[key] = value
    return sections


def app_command(exec_start: str) -> list[str]:
    """ExecStart's command as run from the checkout (the venv's programs by their names)."""
    program, *rest = shlex.split(exec_start)
    assert program.startswith(f"{INSTALLED}/.venv/bin/"), exec_start
    return [Path(program).name, *rest]


# --- compose.yaml and the Dockerfile -------------------------------------------------------------


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_web_worker_scheduler_postgresql_and_redis_with_real_commands():
    services = compose()["services"]
    assert set(services) == {"migrate", "web", "worker", "scheduler", "db", "redis"}
    for name in ("migrate", "web", "worker", "scheduler"):
        service = services[name]
        assert service["image"] == "xcounter:latest" and service["build"] == "."
        assert_runs(service["command"])
        # The production settings get everything they require: the database and cache here, the
        # rest from xcounter.env (which git and the image both leave out: it holds the secrets).
        assert service["env_file"] == "xcounter.env"
        assert {"DATABASE_URL", "REDIS_URL"} <= set(service["environment"])
        assert any(volume.startswith("media:") for volume in service["volumes"])
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][2:] == ["deliver_outbox", "--loop"]
    assert services["migrate"]["command"][2:4] == ["migrate", "--noinput"]
    assert services["scheduler"]["command"] == ["python", "deploy/scheduler.py", "deploy/crontab"]
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]
    assert (ROOT / "deploy" / "healthcheck.py").is_file()
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"

    assert re.fullmatch(r"postgres:\d+[\w.-]*", services["db"]["image"])
    assert re.fullmatch(r"redis:\d+[\w.-]*", services["redis"]["image"])
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]
    assert "xcounter.env" in (ROOT / ".gitignore").read_text().split()
    assert "*.env" in (ROOT / ".dockerignore").read_text().split()


def test_the_image_builds_from_files_that_exist_and_serves_with_the_gunicorn_config():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert stages and all(re.fullmatch(r"[\w.-]+:[\w.-]+", image) for image in stages)  # tagged images
    for sources in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, re.M):
        for source in sources.split():
            assert (ROOT / source).exists(), f"Dockerfile copies {source}, which does not exist"
    assert re.search(r"^ENV DJANGO_SETTINGS_MODULE=xcounter.settings.production", dockerfile, re.M)
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.M).group(1)
    assert yaml.safe_load(cmd) == compose()["services"]["web"]["command"]


def test_gunicorns_config_loads_the_production_application():
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "xcounter.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


# --- systemd ----------------------------------------------------------------------------------------


def test_every_unit_runs_a_real_command_with_the_production_settings(tmp_path):
    services = sorted(UNITS.glob("*.service"))
    assert {path.name for path in services} >= {"xcounter.service", "xcounter-mail.service"}
    for path in services:
        service = unit(path)["Service"]
        assert service["WorkingDirectory"] == INSTALLED
        assert service["EnvironmentFile"] == "/etc/xcounter.env"
        assert service["Environment"] == "DJANGO_SETTINGS_MODULE=xcounter.settings.production"
        assert_runs(app_command(service["ExecStart"]))

    # systemd's own check where it is installed, with the checkout where /srv/xcounter would be (it
    # checks that each program exists, each setting is known and each timer's calendar parses).
    if shutil.which("systemd-analyze"):
        for path in UNITS.iterdir():
            (tmp_path / path.name).write_text(path.read_text().replace(INSTALLED, str(ROOT)))
        result = subprocess.run(
            ["systemd-analyze", "verify", *sorted(str(path) for path in tmp_path.iterdir())],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (0, "")


def test_every_periodic_command_has_a_timer():
    scheduled = {}
    for timer in sorted(UNITS.glob("*.timer")):
        sections = unit(timer)
        assert sections["Timer"]["OnCalendar"] and sections["Install"]["WantedBy"] == "timers.target"
        service = unit(timer.with_suffix(".service"))
        assert service["Service"]["Type"] == "oneshot"
        command = app_command(service["Service"]["ExecStart"])
        assert command[:2] == ["python", "manage.py"]
        scheduled[command[2]] = command[3:]
    assert set(scheduled) == PERIODIC
    # The crontab (servers without the timers, and the scheduler container) runs the same.
    assert {job.argv[0]: list(job.argv[1:]) for job in scheduler().read_crontab()} == scheduled


# --- cron and the scheduler container -----------------------------------------------------------------


def test_every_crontab_job_is_a_real_command_and_runs_through_deploy_manage():
    jobs = scheduler().read_crontab()
    assert {job.argv[0] for job in jobs} == PERIODIC
    for job in jobs:
        assert_management_command(job.argv)
    lines = [line for line in (DEPLOY / "crontab").read_text().splitlines() if line[:1].isdigit() or line[:1] == "*"]
    assert all(line.split()[5:7] == ["xcounter", f"{INSTALLED}/deploy/manage"] for line in lines)


def test_the_scheduler_runs_each_job_at_its_theater_time():
    module = scheduler()
    jobs = module.read_crontab()
    berlin = ZoneInfo("Europe/Berlin")

    def due(after, until):
        return [job.argv[0] for job in module.due(jobs, after, until)]

    # Nightly jobs at their local time; the five-minute ones on their minutes.
    assert due(datetime(2026, 3, 10, 3, 29, 30, tzinfo=berlin), datetime(2026, 3, 10, 3, 30, 31, tzinfo=berlin)) == [
        "release_expired_holds",
        "refresh_promotion_tiers",
    ]
    assert due(datetime(2026, 3, 10, 3, 31, 1, tzinfo=berlin), datetime(2026, 3, 10, 3, 32, 1, tzinfo=berlin)) == [
        "send_automated_notifications"
    ]
    # After a backup that ran for an hour, each job that fell due meanwhile runs once.
    caught_up = due(datetime(2026, 3, 10, 2, 30, 1, tzinfo=berlin), datetime(2026, 3, 10, 3, 31, 1, tzinfo=berlin))
    assert caught_up == ["release_expired_holds", "send_automated_notifications", "refresh_promotion_tiers"]


def test_the_scheduler_refuses_a_line_it_cannot_run(tmp_path):
    crontab = tmp_path / "crontab"
    crontab.write_text("*/5 * * * * xcounter cd /srv/xcounter && python manage.py release_expired_holds\n")
    with pytest.raises(ValueError, match="a job runs deploy/manage COMMAND"):
        scheduler().read_crontab(crontab)
    crontab.write_text("61 * * * * xcounter /srv/xcounter/deploy/manage check_integrity\n")
    with pytest.raises(ValueError, match=r"crontab:1: Bad minute in '61 \* \* \* \*'"):
        scheduler().read_crontab(crontab)


def test_the_scheduler_runs_a_command_and_reports_its_exit_status(caplog):
    module = scheduler()
    caplog.set_level("INFO", logger="xcounter.scheduler")
    assert module.run(module.Job("* * * * *", ("check", "--tag", "caches"))) == 0
    assert module.run(module.Job("* * * * *", ("no_such_command",))) != 0
    assert "manage.py check --tag caches finished" in caplog.text
    assert "manage.py no_such_command exited with status 1" in caplog.text


def test_deploy_manage_runs_manage_py_with_the_production_environment_file(tmp_path):
    """cron runs deploy/manage, which reads /etc/xcounter.env the way systemd's EnvironmentFile does."""
    env_file = tmp_path / "xcounter.env"
    env_file.write_text(
        "\n".join(f'{name}="{value}"' if " " in value else f"{name}={value}" for name, value in PRODUCTION_ENV.items())
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", *PRODUCTION_ENV}}
    code = "from django.conf import settings as s; print(s.DEBUG, s.DEFAULT_FROM_EMAIL, s.SETTINGS_MODULE)"
    result = subprocess.run(
        [str(DEPLOY / "manage"), "shell", "-c", code],
        env={**clean, "XCOUNTER_ENV_FILE": str(env_file)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == "False Grand Cinema <tickets@example.com> xcounter.settings.production"
    )
