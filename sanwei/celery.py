"""Background tasks: Celery with Redis when REDIS_URL is set, eager in-process otherwise.

Start a worker with `celery -A sanwei worker` (or `sanwei worker`).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanwei.settings")

app = Celery("sanwei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
