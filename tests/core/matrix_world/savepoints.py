"""Savepoints: each cell of the matrix, and each consent state, is undone when it ends."""

import contextlib

from django.db import transaction


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """Run the block in a savepoint and undo everything it wrote."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass
