"""The user row every signed-in request reads, with SQL the ORM compiled once per process.

django.contrib.auth reads the user row on every request (`get(pk=...)` in the
backend's get_user), so a deactivation, a password change or a deleted account
takes effect at once. On a staff page, building and compiling that query cost
more CPU than PostgreSQL took to answer it. The manager below answers exactly
`User.objects.get(pk=...)` / `get(id=...)` (not a related manager's) on its database with the statement
the ORM compiled for it, prepared once per connection (config/prepared_statements.py), and builds the
user the way the ORM does (`Model.from_db`); every other call, and other databases than PostgreSQL
(whose driver returns the values the ORM would), go to the ORM.
"""

from django.contrib.auth.models import UserManager
from django.core.exceptions import ValidationError
from django.db import connections

from config import prepared_statements

_PLACEHOLDER = -7_000_000_000_001  # an id no row has, replaced by the one asked for
_COMPILED: dict[tuple, tuple[str, list[str]]] = {}  # (model label, database alias) -> (SQL, the fields it selects)


class ChorusUserManager(UserManager):
    def get(self, *args, **kwargs):
        # Only User.objects itself: a related manager (group.user_set) is a subclass that adds its own filter.
        if type(self) is not ChorusUserManager or args or len(kwargs) != 1 or not ({"pk", "id"} >= kwargs.keys()):
            return super().get(*args, **kwargs)
        alias = self.db
        connection = connections[alias]
        if connection.vendor != "postgresql":
            return super().get(*args, **kwargs)
        try:
            pk = self.model._meta.pk.to_python(next(iter(kwargs.values())))
        except ValidationError:
            return super().get(*args, **kwargs)  # the ORM's own error for a value that is no id
        if not isinstance(pk, int):
            return super().get(*args, **kwargs)
        sql, fields = self._compiled(alias)
        rows = prepared_statements.fetchall(sql, [pk], using=alias)
        row = rows[0] if rows else None
        if row is None:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        return self.model.from_db(alias, fields, row)

    def _compiled(self, alias: str) -> tuple[str, list[str]]:
        key = (self.model._meta.label, alias)
        compiled = _COMPILED.get(key)
        if compiled is None:
            query = self.get_queryset().filter(pk=_PLACEHOLDER).query
            sql, params = query.get_compiler(using=alias).as_sql()
            if list(params) != [_PLACEHOLDER]:
                raise RuntimeError("the user query has parameters besides the id")  # pragma: no cover -- a model change
            fields = [field.attname for field in self.model._meta.concrete_fields]
            compiled = _COMPILED[key] = (sql, fields)
        return compiled
