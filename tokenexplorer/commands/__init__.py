"""Terminal commands. Each module has add_arguments(parser) and run(options) -> exit status.

Import nothing heavy at module level: the dispatcher imports a command's module to
build its parser.
"""
