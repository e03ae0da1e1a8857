"""The Streamlit app's parts (``assistant/ui_app.py`` is the entry point).

Pure helpers (``render``, ``records``, ``feedback``, ``export``, ``jobs``,
``engine``) hold no Streamlit calls and are unit-tested; the view modules
(``chat``, ``review``, ``browse``, ``sources``, ``sidebar``) draw the page.
"""
