"""XLIFF 2.0 export and import of a case's free text (placeholder, completed below)."""
