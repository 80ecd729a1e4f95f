"""The one exception the parser raises for input it cannot treat as a plan."""


class PlanParseError(ValueError):
    """Bad input: the message is Vietnamese and meant to be shown to the user as is."""

    def __init__(self, message_vi: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi

    def __str__(self) -> str:
        return self.message_vi
