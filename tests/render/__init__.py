"""Tests of the rendering: templates, document model, DOCX and PDF writers, build CLI."""
