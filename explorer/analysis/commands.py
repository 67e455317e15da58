def register(subparsers) -> None:
    """Analysis commands."""
