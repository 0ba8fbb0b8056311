/**
 * `config.json` at the editor site's root: written by `wasmlit export-editor`, answered by
 * `wasmlit editor`. Types only.
 */
export interface SiteConfig {
  /** The preview page on another origin (ends in `/preview/`), or null: the site's own. */
  previewUrl: string | null;
  /** A PEP 691 index for requirements the runtime lacks (the dev server's proxy), or null: PyPI. */
  packageIndexUrl: string | null;
  /** The editor's origins the preview answers (null: the origin the editor says in `?editor=`). */
  editorOrigins: string[] | null;
}
