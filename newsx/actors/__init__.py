"""Actors: mentions clustered into real-world things, with CAMEO-style codes."""
