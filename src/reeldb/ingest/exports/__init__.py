"""``reeldb export imdb``: the catalogue written out as IMDb's dataset files (``imdb``).

The JSON-lines export is the API's documents, so it lives in ``reeldb.api.export``.
"""
