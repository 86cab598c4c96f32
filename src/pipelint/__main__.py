"""Allow ``python -m pipelint``."""

from pipelint.cli import run

run()
