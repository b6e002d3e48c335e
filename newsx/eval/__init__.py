"""Evaluation against gold data: actors and events (NER has its own in entities.ner)."""
