"""The PDF writer. Its entry point is writers/pdf/document.write_pdf."""
