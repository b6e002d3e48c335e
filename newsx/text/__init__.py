"""The document model and the text layers: sentences, tokens."""
