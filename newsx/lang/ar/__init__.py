"""Arabic: normalisation, clitics, the lexicon of word lists, romanisation."""
