"""Send every write to the primary; let the wall choose the replica explicitly.

The wall, the stories list and the open data read with
`using=stories.wall.wall_db()`, which names "replica" when one is
configured. Everything else (sessions, accounts, moderation, posting) reads
and writes the primary, so nobody ever reads their own write from a replica
that has not caught up yet.
"""


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # None: Django uses the instance's own database for related lookups,
        # and "default" otherwise.
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is a physical copy of the primary: never migrate it.
        return db == "default"
