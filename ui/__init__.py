"""Streamlit-only glue: the cached workspace, session state, translations, navigation, shared widgets."""
