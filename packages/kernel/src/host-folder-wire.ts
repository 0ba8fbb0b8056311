/**
 * `hostFolders`: how the worker and a host-folder server talk (wasmlit desktop's loopback
 * server, packages/desktop/wasmlit_desktop/shell/host_folders.py, speaks the same). Data only.
 *
 * Every URL is under the folder's URL (ending in "/"); PATH is relative to the folder, its
 * parts URL-encoded, a folder's PATH ending in "/".
 *
 *   GET    URL?list   -> HostListing (JSON)
 *   GET    URL PATH   -> the file's bytes
 *   PUT    URL PATH   <- the file's bytes (created or replaced, folders made as needed); a folder: created
 *   DELETE URL PATH   -> a file removed, or an empty folder
 *   MOVE   URL PATH   with header Destination: URL PATH2 -> renamed
 */

/** A folder of the user's machine, seen by the app at `path` (absolute in the app's file system). */
export interface HostFolder {
  path: string;
  url: string;
}

export interface HostListing {
  /** Relative paths of every folder, parents before children (empty ones included). */
  folders: string[];
  files: { path: string; size: number }[];
}

export const LIST_QUERY = "?list";
export const DESTINATION_HEADER = "Destination";
