"""Screens and printouts of sales and purchase documents (issue 20)."""
