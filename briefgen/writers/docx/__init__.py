"""The DOCX writer: write_docx(document, fonts, path), in briefgen.writers.docx.document."""
