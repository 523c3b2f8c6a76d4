"""Read typed settings from the environment."""

import os

_TRUE = {"1", "true", "yes", "on"}


def env_str(name: str, default: str) -> str:
    """Return the variable's value, or the default when unset or empty."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean (1/true/yes/on)."""
    value = os.environ.get(name)
    return default if value in (None, "") else value.strip().lower() in _TRUE


def env_int(name: str, default: int) -> int:
    """Return the variable as an integer."""
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of stripped items."""
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
