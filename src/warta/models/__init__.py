"""Trained models shipped inside the package (artefacts as package data, loaders beside them)."""
