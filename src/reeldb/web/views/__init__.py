"""The views of the pages ``web`` composes, one module per page family."""
