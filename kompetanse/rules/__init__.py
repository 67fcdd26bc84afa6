"""Business rules that hold everywhere: pure functions on frames, no database and no Streamlit."""
