"""Date expressions, found and resolved against the document date."""
