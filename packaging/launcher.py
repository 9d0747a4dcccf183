"""Entry script of the frozen app: the same `tokenexplorer.cli.main` the console script runs,
or, with `--sandbox-engine` first, the sandbox's engine (its child process, see
tokenexplorer/sandbox/engine.py: a frozen app has no `python -m` to start it with)."""

import sys

ENGINE_FLAG = "--sandbox-engine"  # tokenexplorer.sandbox.engine.ENGINE_FLAG

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == ENGINE_FLAG:
        from tokenexplorer.sandbox.serve import main as engine_main

        sys.exit(engine_main(sys.argv[2:]))
    from tokenexplorer.cli import main
    from tokenexplorer.windowed import ensure_streams

    ensure_streams()  # the windowed TokenExplorer.exe starts with sys.stdout/stderr None
    sys.exit(main())
