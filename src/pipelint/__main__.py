"""Allow ``python -m pipelint``."""

from pipelint.cli import main

raise SystemExit(main())
