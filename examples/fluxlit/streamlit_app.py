"""FluxLit in the browser: a FastAPI API and a Streamlit UI as one app, with no server.

FastAPI is mounted in `st.App` at /api; its routes answer the page, the app's frame and a
new tab (through wasmlit's service worker). Its OpenAPI document is at /api/openapi.json.
The script calls its own API with `requests` too, at the app's own URL.
"""

from urllib.parse import urljoin

import fastapi
import requests
import streamlit as st
from pydantic import BaseModel, Field
from starlette.routing import Mount


class Item(BaseModel):
    id: int
    name: str = Field(min_length=1)
    price: float = Field(ge=0)


api = fastapi.FastAPI(title="Items API")
ITEMS: dict[int, Item] = {21: Item(id=21, name="Widget", price=2.5)}


@api.get("/items/{item_id}")
def read_item(item_id: int) -> Item:
    if item_id not in ITEMS:
        raise fastapi.HTTPException(status_code=404, detail=f"no item {item_id}")
    return ITEMS[item_id]


@api.post("/items")
def create_item(item: Item) -> Item:
    ITEMS[item.id] = item
    return item


app = st.App(__file__, routes=[Mount("/api", app=api)])

st.title("Items")
item = ITEMS[21]
st.write(f"Item {item.id}: {item.name} at {item.price:.2f}")

if st.button("Ask the API"):
    reply = requests.get(urljoin(st.context.url or "", "api/items/21"), timeout=30)
    st.write(f"The API answered {reply.status_code}: {reply.json()['name']}")
