import time

import streamlit as st

st.title("Echo chat")
st.session_state.setdefault("messages", [])

for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        st.write(message["content"])


def reply(prompt: str):
    for word in f"You said: {prompt}. Streaming, word by word.".split():
        yield word + " "
        time.sleep(0.08)


if prompt := st.chat_input("Say something"):
    st.session_state.messages.append({"role": "user", "content": prompt})
    with st.chat_message("user"):
        st.write(prompt)
    with st.chat_message("assistant"):
        answer = st.write_stream(reply(prompt))
    st.session_state.messages.append({"role": "assistant", "content": answer})
