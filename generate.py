#!/usr/bin/env python3
"""Write the bilingual briefing papers: see `python generate.py --help`."""

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
    import sys

    from briefgen.testhook import hook

    hook("started")
    from briefgen.cli import run

    sys.exit(run())
