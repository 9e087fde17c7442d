"""The ``kazkg`` command: one module per subcommand, each a few lines over the Python API."""
