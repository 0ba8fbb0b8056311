/**
 * Taking an app away: a .zip of its folder (what `wasmlit serve` and `wasmlit export` read),
 * and one .html page that runs it with the runtime of this editor's own site.
 */
import { strToU8, zipSync } from "fflate";
import { REQUIREMENTS_FILE, type AppProject } from "../shared/app-files";
import { bytesToBase64 } from "../shared/base64";

/** The app's folder as zip bytes: its files, and requirements.txt when it has requirements. */
export function appZip(project: AppProject, folder: string): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, content] of Object.entries(project.files)) {
    entries[`${folder}/${path}`] = typeof content === "string" ? strToU8(content) : content;
  }
  if (project.requirements.length) entries[`${folder}/${REQUIREMENTS_FILE}`] = strToU8(project.requirements.join("\n") + "\n");
  // `wasmlit serve` finds a folder's app by streamlit_app.py or a single .py file; name the
  // entry point so either works: a different entry point is written as streamlit_app.py's import.
  if (project.entrypoint !== "streamlit_app.py" && !("streamlit_app.py" in project.files)) {
    const module = project.entrypoint.replace(/\.py$/, "").replace(/\//g, ".");
    if (Object.keys(project.files).filter((path) => path.endsWith(".py") && !path.includes("/")).length > 1) {
      entries[`${folder}/streamlit_app.py`] = strToU8(`# The entry point of this app is ${project.entrypoint}.\nimport runpy\n\nrunpy.run_module(${JSON.stringify(module)}, run_name="__main__")\n`);
    }
  }
  return zipSync(entries);
}

/** Escapes text for a `<script>` element: no `</script>` or `<!--` can end it early. */
function scriptSafe(json: string): string {
  return json.replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One page that runs the app full-window with the runtime at `runtimeUrl` (ends in `/`). */
export function appHtml(project: AppProject, runtimeUrl: string, title: string): string {
  const files: Record<string, string | { base64: string }> = {};
  for (const [path, content] of Object.entries(project.files)) {
    files[path] = typeof content === "string" ? content : { base64: bytesToBase64(content) };
  }
  const app = scriptSafe(
    JSON.stringify({ entrypoint: project.entrypoint, requirements: project.requirements, persist: project.persist ?? [], files }),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<script src="${escapeHtml(runtimeUrl)}wasmlit.js"></script>
</head>
<body>
<script id="wasmlit-app" type="application/json">${app}</script>
<script>
  const app = JSON.parse(document.getElementById("wasmlit-app").textContent);
  const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const files = Object.fromEntries(Object.entries(app.files).map(([path, file]) => [path, typeof file === "string" ? file : bytes(file.base64)]));
  wasmlit.mount({ entrypoint: app.entrypoint, requirements: app.requirements, idbfsMountpoints: app.persist, files });
</script>
</body>
</html>
`;
}

export function download(name: string, data: Uint8Array | string, type: string): void {
  const blob = new Blob([data as BlobPart], { type });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
