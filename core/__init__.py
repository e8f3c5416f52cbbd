"""Клиентская база: the pure-Python domain layer (never imports streamlit)."""
