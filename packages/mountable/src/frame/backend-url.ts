/**
 * Which URLs the stock frontend would send to a Streamlit server, and their server paths.
 *
 * Server URLs look like `<base>_stcore/health` or `<base>media/<id>.png`, where `<base>` is
 * the frontend's BACKEND_BASE_URL (`<frontend>/_wasmlit/<app id>/`, see entry.ts) or, for
 * URLs relative to the frontend's page such as `app/static/...`, the frontend's folder.
 * The frontend's own files live under `<frontend>/static/` (including `static/media/`
 * fonts), which must keep going to the network.
 */
const SERVER_PREFIXES = ["_stcore/", "media/", "component/", "app/"];

export function serverPath(url: URL, base: URL): string | null {
  // Compare hosts, not origins: the stream URL has a ws: or wss: scheme.
  if (url.host !== base.host || !url.pathname.startsWith(base.pathname)) return null;
  const rest = url.pathname.slice(base.pathname.length);
  return SERVER_PREFIXES.some((prefix) => rest.startsWith(prefix)) ? "/" + rest : null;
}
