"""``reeldb export``: the catalogue written out, as IMDb's dataset files or as JSON lines."""
