"""Domain errors: raised by services, turned into 4xx answers with the message by views and the API."""


class DomainError(Exception):
    """A rule of the domain stopped the operation; `message` is shown to the user (bokmål)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
