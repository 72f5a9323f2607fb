"""``python -m callsim``: the same entry point as the ``callsim`` command."""

from callsim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
