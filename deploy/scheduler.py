"""The scheduler container (compose.yaml): runs deploy/crontab's commands at their times.

    python deploy/scheduler.py [CRONTAB]

cron inside a container would drop the container's environment (the settings) and mail its output
nowhere; this runs in the foreground with the environment it was given, one command at a time, and
logs each run and its exit status. Times are in TIME_ZONE (the theater's). A run that takes past
the next due time (a long backup) is followed by one catch-up run of what fell due meanwhile, never
by a pile of them. Run exactly one scheduler for the whole site.
"""

import logging
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError

ROOT = Path(__file__).resolve().parent.parent
CRONTAB = ROOT / "deploy" / "crontab"
WRAPPER = "deploy/manage"  # how a crontab line runs manage.py on a server
logger = logging.getLogger("xcounter.scheduler")


@dataclass(frozen=True)
class Job:
    schedule: str  # five cron fields
    argv: tuple[str, ...]  # manage.py's arguments


def read_crontab(path: Path = CRONTAB) -> list[Job]:
    """The jobs of a crontab in /etc/cron.d's format (five time fields, a user, the command)."""
    jobs = []
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#") or re.match(r"[A-Z_]+=", line):
            continue
        fields = line.split(maxsplit=6)
        command = shlex.split(fields[6]) if len(fields) == 7 else []
        if not command or not command[0].endswith(WRAPPER) or len(command) < 2:
            raise ValueError(f"{path}:{number}: a job runs {WRAPPER} COMMAND [OPTIONS], not {line!r}")
        schedule = " ".join(fields[:5])
        try:
            CronSim(schedule, datetime(2000, 1, 1))  # a malformed schedule is refused now, not at 3 a.m.
        except CronSimError as error:
            raise ValueError(f"{path}:{number}: {error} in {schedule!r}") from error
        jobs.append(Job(schedule, tuple(command[1:])))
    return jobs


def due(jobs: list[Job], after: datetime, until: datetime) -> list[Job]:
    """The jobs with a time in (after, until], each once, in the crontab's order."""
    return [job for job in jobs if next(CronSim(job.schedule, after)) <= until]


def run(job: Job) -> int:
    command = " ".join(job.argv)
    logger.info("Starting manage.py %s", command)
    started = time.monotonic()
    status = subprocess.run([sys.executable, "manage.py", *job.argv], cwd=ROOT).returncode
    seconds = time.monotonic() - started
    if status:
        logger.error("manage.py %s exited with status %s after %.1f s", command, status, seconds)
    else:
        logger.info("manage.py %s finished in %.1f s", command, seconds)
    return status


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    handler = logging.StreamHandler()
    if os.environ.get("LOG_FORMAT") == "json":
        from xcounter.logging import JsonFormatter

        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `docker compose stop`

    jobs = read_crontab(Path(argv[1]) if len(argv) > 1 else CRONTAB)
    zone = ZoneInfo(os.environ.get("TIME_ZONE", "Europe/Berlin"))
    logger.info("Scheduler started with %d jobs, times in %s", len(jobs), zone.key)
    checked = datetime.now(zone)
    while True:
        time.sleep(60 - time.time() % 60 + 1)  # just past each minute
        now = datetime.now(zone)
        for job in due(jobs, checked, now):
            run(job)
        checked = now


if __name__ == "__main__":
    main(sys.argv)
