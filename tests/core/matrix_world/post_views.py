"""Which views take POST: read from the decorators and the source of the view and the helpers of its
module it calls, so a view that handles POST cannot be in the matrix with GET only."""

import contextlib
import inspect
import re

_POST_MARKERS = re.compile(r"require_POST|require_http_methods|request\.method|request\.POST|request\.FILES")


def _functions_reached(func, depth=3, seen=None):
    """`func` and the functions of its own module it calls by name, a few levels deep."""
    seen = seen if seen is not None else set()
    func = inspect.unwrap(func, stop=lambda f: False)
    if func in seen or not inspect.isfunction(func):
        return seen
    seen.add(func)
    if depth == 0:
        return seen
    module_globals = func.__globals__
    for name in func.__code__.co_names:
        target = module_globals.get(name)
        if inspect.isfunction(target) and target.__module__ == func.__module__:
            _functions_reached(target, depth - 1, seen)
    return seen


def view_takes_post(callback) -> bool:
    """Whether a view (through its decorators and the helpers of its module it calls) handles POST."""
    chain = [callback]
    while hasattr(chain[-1], "__wrapped__"):
        chain.append(chain[-1].__wrapped__)
    for f in chain:
        for cell in getattr(f, "__closure__", None) or ():
            with contextlib.suppress(ValueError):
                value = cell.cell_contents
                if isinstance(value, list | tuple | set) and "POST" in value:
                    return True
    sources = []
    for f in chain:
        for reached in _functions_reached(f):
            with contextlib.suppress(OSError, TypeError):
                sources.append(inspect.getsource(reached))
    return bool(_POST_MARKERS.search("\n".join(sources)))
