"""The one error type the build raises: what failed, and what to do about it."""


class BuildError(Exception):
    """A build step failed in a way the person running the build can fix."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what = what
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.what}\n  -> {self.fix}"
