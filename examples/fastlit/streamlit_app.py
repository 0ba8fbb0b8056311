"""Fastlit in the browser: SQL through `st.connection`, on a folder that survives visits.

Serve it with the folder persisted (the browser keeps it in IndexedDB):

    wasmlit serve examples/fastlit --persist data

`st.connection("sql")` runs SQLAlchemy (a pure wheel from PyPI) on Pyodide's sqlite3. Rows
written in one visit are there after a reload and after the browser restarts.
"""

import os

import sqlalchemy  # st.connection("sql") imports it; naming it here installs it before the first run
import streamlit as st

os.makedirs("data", exist_ok=True)
conn = st.connection("sql", url="sqlite:///data/notes.db")
with conn.session as session:
    session.execute(sqlalchemy.text("CREATE TABLE IF NOT EXISTS notes (body TEXT NOT NULL)"))
    session.commit()

st.title("Notes")
with st.form("new note", clear_on_submit=True):
    body = st.text_input("Note")
    if st.form_submit_button("Save") and body:
        with conn.session as session:
            session.execute(sqlalchemy.text("INSERT INTO notes (body) VALUES (:body)"), {"body": body})
            session.commit()

with conn.session as session:
    notes = [row.body for row in session.execute(sqlalchemy.text("SELECT body FROM notes ORDER BY rowid"))]
st.write(f"{len(notes)} notes")
for note in notes:
    st.markdown(f"- {note}")
