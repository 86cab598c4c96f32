"""Run one fuzz target under atheris: ``python fuzz/fuzz.py TARGET [libFuzzer options]``.

TARGET is one of json, yaml, document, check. The seed corpus is ``examples/`` and the
documents of ``tests/fixtures/cases``; new inputs go to ``fuzz/corpus/TARGET`` (not kept
in git) and crashes to ``fuzz/crashes``. Needs ``pip install -e '.[fuzz]'``. Example::

    python fuzz/fuzz.py check -max_total_time=600
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris
from seeds import seeds, write_seeds  # fuzz/ is the script's folder, first on sys.path
from targets import TARGETS

HERE = Path(__file__).resolve().parent


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    name = sys.argv[1]
    corpus = HERE / "corpus" / name
    crashes = HERE / "crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    write_seeds(corpus)
    for seed in seeds():  # import every lazily imported module (rules, model) ...
        TARGETS[name](seed)
    atheris.instrument_all()  # ... so that all of pipelint is instrumented
    args = [sys.argv[0], *sys.argv[2:], f"-artifact_prefix={crashes}/{name}-", str(corpus)]
    atheris.Setup(args, TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
