"""pipelint: a linter and policy checker for AWS deployment pipelines."""

__version__ = "0.1.0"
