"""Tilgjengelighetserklæring: the WCAG level met, what is known not to meet it, how to report a problem."""

import streamlit as st

st.title("Tilgjengelighetserklæring")
