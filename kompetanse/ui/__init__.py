"""The only Streamlit code: the shared reader and URL state, the sidebar, panels, login, navigation."""
