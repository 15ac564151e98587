"""A bare Django project: no apps, no middleware, one view. The yardstick for the whole stack's cost."""
