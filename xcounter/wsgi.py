import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcounter.settings.base")

application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve a production setup whose limits would not hold.
from xcounter.checks import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
