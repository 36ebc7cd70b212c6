import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "feedsite.settings")
application = get_wsgi_application()

from feed.trace import traced  # noqa: E402 (the app registry is ready only now)

application = traced(application)
