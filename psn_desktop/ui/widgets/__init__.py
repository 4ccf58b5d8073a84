"""Small reusable widgets: text, form fields, the error summary, notices, status tags."""
