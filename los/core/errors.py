"""Domain errors: raised by services, turned into 4xx answers with the message by views and the API."""


class DomainError(Exception):
    """A rule of the domain stopped the operation; `message` is shown to the user (bokmål)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def update_form(self, form) -> None:
        """Change the bound form the refusal is shown on, beyond the message (none by default)."""
