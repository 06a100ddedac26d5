"""The Streamlit layer: data loading (cached), the shared sidebar and URL state, and drawing helpers.

Pages import from here and from ``metrics``; nothing in ``metrics`` imports from here.
"""
