import streamlit as st

st.title("A custom component (v2)")

HTML = "<div class='stars'></div><p class='label'></p>"
CSS = ".stars button { font-size: 28px; background: none; border: none; cursor: pointer; }"
JS = """
export default function (component) {
    const { parentElement, data, setStateValue } = component;
    const stars = parentElement.querySelector(".stars");
    stars.replaceChildren();
    for (let i = 1; i <= data.max; i++) {
        const star = document.createElement("button");
        star.textContent = i <= data.value ? "★" : "☆";
        star.setAttribute("aria-label", `${i} stars`);
        star.onclick = () => setStateValue("rating", i);
        stars.append(star);
    }
    parentElement.querySelector(".label").textContent = data.label;
}
"""

rating = st.components.v2.component("rating", html=HTML, css=CSS, js=JS)
st.session_state.setdefault("rating", 3)
result = rating(data={"max": 5, "value": st.session_state.rating, "label": "Rate this app"}, key="stars", on_rating_change=lambda: None)
if result.rating:
    st.session_state.rating = result.rating
st.write(f"Python got: {st.session_state.rating} stars")
