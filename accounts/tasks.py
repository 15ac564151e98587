"""Periodic work on the accounts side. Thin: each task calls a service."""

from celery import shared_task

from accounts import retention


@shared_task(name="maintenance.purge_expired", acks_late=True)
def purge_expired() -> dict[str, int]:
    """Erase what the retention periods say Chorus no longer keeps (stories and accounts)."""
    return retention.purge_expired()
