"""Raw film pages: IMDb title, plot-summary and full-credits pages and Wikipedia articles.

``extract_document`` turns one ``Document`` into a ``PageExtraction``
(writing nothing); ``store.import_extraction`` has the catalogue write one.
"""
