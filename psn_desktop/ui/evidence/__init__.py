"""Evidence files on a page: attach by button or drag and drop, see, date, open and remove."""
