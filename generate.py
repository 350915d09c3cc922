#!/usr/bin/env python3
"""Write the bilingual briefing papers: see `python generate.py --help`.

A run makes objects by the million and almost no cycles: the cyclic collector is off while
it runs (a `--watch` session turns it back on, briefgen/cli.py), and the process ends
without taking its objects apart one by one (30 ms for a paper), once its output is flushed.
"""

if __name__ == "__main__":
    # First of all, SIGINT, SIGTERM and SIGHUP are held back (pending) while the program
    # loads: the command line delivers them to its signal guard once that is set, so an
    # interrupt from this line on ends the run with its message and status 130, never a
    # traceback. `_signal` is the interpreter's own, already loaded: `signal` would first
    # import enum, a few milliseconds more without the hold.
    import _signal

    if hasattr(_signal, "pthread_sigmask"):  # not on Windows
        _signal.pthread_sigmask(_signal.SIG_BLOCK, (_signal.SIGINT, _signal.SIGTERM,
                                                    _signal.SIGHUP))
    import gc
    import os
    import sys

    gc.disable()
    from briefgen.testhook import hook

    hook("started")
    from briefgen.cli import run

    status = run()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the run already said what it could
        pass
    os._exit(status)
