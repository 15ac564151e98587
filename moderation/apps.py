from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        # Register the tasks in every process, not only in a worker: with eager Celery
        # (make run) a story handed over by task name must find the task here, or it is
        # sent to the in-memory broker and never screened.
        from moderation import receivers, tasks  # noqa: F401

        receivers.connect()
