"""One module per ``callsim`` subcommand; each defines ``register(subparsers)``."""
