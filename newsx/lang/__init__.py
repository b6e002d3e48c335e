"""Language knowledge, one sub-package per language."""
