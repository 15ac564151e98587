from django.db import models
from django.utils import timezone


class YardstickRow(models.Model):
    """One row per request to the bare INSERT view: the cheapest write Django can do."""

    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"yardstick row {self.pk}"
