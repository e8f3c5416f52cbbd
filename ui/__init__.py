"""Streamlit-only glue: the cached workspace, session state, translations, navigation, shared widgets."""
# pandas is imported lazily by plotly and Streamlit; two overlapping runs of a session (a click
# while a run is still going) could otherwise see a half-imported module. Import it once, up front.
import pandas  # noqa: F401
