class ModerationError(Exception):
    """A moderation action was refused; the message is safe to show the moderator or author."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code
