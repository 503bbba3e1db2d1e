"""``python -m dancu``: the same command as ``dancu``."""

from dancu.cli.main import main

main()
