import streamlit as st
from starlette.responses import JSONResponse
from starlette.routing import Route

COUNTS = {"calls": 0}


async def stats(request):
    COUNTS["calls"] += 1
    return JSONResponse({"calls": COUNTS["calls"], "name": request.query_params.get("name", "world")})


app = st.App(__file__, routes=[Route("/api/stats", stats)])

st.title("An API next to the page")
st.write("`st.App` serves `api/stats` from this app's Python; the button fetches it from JavaScript.")

JS = """
export default function (component) {
    const { parentElement } = component;
    parentElement.querySelector("button").onclick = async () => {
        const response = await fetch("api/stats?name=Ada");
        parentElement.querySelector("code").textContent = JSON.stringify(await response.json());
    };
}
"""
fetcher = st.components.v2.component("fetcher", html="<button>Fetch api/stats</button> <code></code>", js=JS)
fetcher(key="fetcher")
