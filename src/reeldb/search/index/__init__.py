"""The search index's reads: query words, the word index of each database, typos, ranking."""
