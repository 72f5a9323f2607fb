"""The practice app (Textual). ``run_app(args)`` is what plain ``callsim`` starts."""

from __future__ import annotations


def run_app(args, *, start: str = "home") -> int:
    """Build the real services from the command line and run the app (``home`` or ``review``) until it quits."""
    from callsim.tui.app import make_app
    from callsim.tui.quit_signals import held_quit_signals
    from callsim.tui.screen_fd import screen_apart
    from callsim.tui.services import Settings, build_services

    settings = Settings(
        trainee=getattr(args, "trainee", None) or "",
        scenario_dirs=tuple(getattr(args, "scenarios", None) or ()),
        model=getattr(args, "model", None),
        input_device=getattr(args, "input_device", None),
        output_device=getattr(args, "output_device", None),
        show_caller_text=not getattr(args, "hide_caller_text", False),
    )
    services = build_services(settings)
    app = make_app(services, start=start, quit_signals=True)
    try:
        with screen_apart():  # a failing sound device's C messages never land on the screen
            app.run()
    finally:
        with held_quit_signals():  # the loop's handlers are gone: a closed terminal must not cut a save short
            try:
                app.saves.wait(timeout=30)  # a reply still being judged is saved before the store closes
            finally:
                services.close()
    return app.return_code or (128 + app.signalled if app.signalled else 0)  # as a shell reports a signal
