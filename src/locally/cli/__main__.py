"""``python -m locally.cli`` is the same as the ``locally`` command."""

from . import run

run()
