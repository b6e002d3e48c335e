"""The names the command line offers before anything heavy is loaded: output
formats and their file extensions, recognisers, entity types. Kept apart from
the modules that implement them so ``newsx --help`` imports no pipeline."""

from __future__ import annotations

FORMATS = ("table", "jsonl", "json", "csv", "conll", "html", "parquet", "sqlite")
EXTENSIONS = {"table": ".txt", "jsonl": ".jsonl", "json": ".json", "csv": ".csv", "conll": ".conll",
              "html": ".html", "parquet": ".parquet", "sqlite": ".db"}
ENGINES = ("process", "dask")
RECOGNISER_NAMES = ("model", "crf", "neural", "gazetteer", "camel", "stanza")
DEFAULT_NER = "model"
CODERS = ("learned", "rules")  # event coders: the trained model, or its rules alone
DEFAULT_CODER = "learned"
# every entity type a recogniser may report, with what it stands for (the one definition)
ENTITY_TYPES = {"PER": "person", "ORG": "organisation", "GPE": "country, city", "LOC": "other place", "MISC": "other"}
