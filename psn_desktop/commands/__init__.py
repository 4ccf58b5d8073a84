"""One module per command group; each has ``register(subparsers)``.

``cli.py`` lists the modules in ``COMMAND_MODULES``; a feature adds its commands by adding a
module here and its name there, without touching any other command.
"""
