"""Rendering: templates to one document model, written to DOCX and PDF."""
