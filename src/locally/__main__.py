"""``python -m locally`` is the ``locally`` command."""

from .cli import run

run()
