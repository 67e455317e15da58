"""`python -m explorer`: the same as the `gigawatt-explorer` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
