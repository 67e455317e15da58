"""Entry point of the packaged application."""

import multiprocessing

from explorer.cli import main

if __name__ == "__main__":
    # A frozen executable re-launches itself for worker processes; this hands them to multiprocessing.
    multiprocessing.freeze_support()
    raise SystemExit(main())
