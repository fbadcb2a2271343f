import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcounter.settings.base")

application = get_asgi_application()

# Like the WSGI entry point: refuse to serve a production setup whose limits would not hold.
from xcounter.checks import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()
