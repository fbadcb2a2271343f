import time

from django.core.management.base import BaseCommand

from outbox.services import outbox_deliver_due


class Command(BaseCommand):
    help = "Send queued mail that is due (retries included); --loop keeps going, as a worker."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep delivering every few seconds.")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args, **options):
        while True:
            counts = outbox_deliver_due()
            if not options["loop"] or any(counts.values()):
                self.stdout.write(", ".join(f"{key} {value}" for key, value in counts.items()))
            if not options["loop"]:
                return
            time.sleep(options["interval"])
