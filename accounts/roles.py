"""Staff roles: Django groups holding the permissions defined on accounts.User."""

MODERATOR = "moderator"
SENIOR_MODERATOR = "senior moderator"
ADMIN = "admin"

MODERATOR_PERMISSIONS = ("moderate",)
SENIOR_PERMISSIONS = (*MODERATOR_PERMISSIONS, "review_appeals", "view_audit_log", "view_metrics", "undo_decision")

# The group name and its permission codenames (all on accounts.User) for each role.
ROLE_GROUPS = {
    MODERATOR: MODERATOR_PERMISSIONS,
    SENIOR_MODERATOR: SENIOR_PERMISSIONS,
    ADMIN: SENIOR_PERMISSIONS,
}

# What `create_staff --role` accepts, and the group each choice joins.
ROLE_CHOICES = {"moderator": MODERATOR, "senior": SENIOR_MODERATOR, "admin": ADMIN}
