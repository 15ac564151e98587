from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        # Register the tasks in every process, not only in a worker: with eager Celery
        # (make run) a story handed over by task name must find the task here, or it is
        # sent to the in-memory broker and never screened.
        from moderation import receivers, story_events, tasks  # noqa: F401

        # Hear the stories signals: crisis help at posting, appeal text erased with the story.
        story_events.connect()
        # Audit staff account changes (2FA, roles) from the libraries' own signals.
        receivers.connect()
