/**
 * `archives`: zip and tar files unpacked into the app's folder before the first run, with
 * Pyodide's `unpackArchive` (Python's shutil.unpack_archive, so its format names).
 */
import { BootError } from "./errors";
import type { ArchiveSource } from "./protocol";
import type { Pyodide } from "./python-runtime";

export async function unpackArchives(pyodide: Pyodide, archives: ArchiveSource[], home: string): Promise<void> {
  // Fetch them all first, so a missing archive fails the boot before anything is unpacked.
  const buffers = await Promise.all(archives.map(fetchArchive));
  archives.forEach((archive, index) => {
    const dir = archive.extractDir ?? "";
    const extractDir = dir.startsWith("/") ? dir : dir ? `${home}/${dir}` : home;
    try {
      pyodide.FS.mkdirTree(extractDir);
      pyodide.unpackArchive(buffers[index], archive.format, { extractDir });
    } catch (error) {
      throw new BootError(
        `Could not unpack the archive ${describe(archive)} (format "${archive.format}")`,
        error instanceof Error ? error.message : String(error),
      );
    }
  });
}

async function fetchArchive(archive: ArchiveSource): Promise<ArrayBuffer> {
  if ("data" in archive) return archive.data;
  const response = await fetch(archive.url).catch((error: unknown) => {
    throw new BootError(`Could not fetch the archive ${archive.url}`, String(error));
  });
  if (!response.ok) {
    throw new BootError(
      `Could not fetch the archive ${archive.url}`,
      `GET ${archive.url} answered ${response.status} ${response.statusText}`,
    );
  }
  return response.arrayBuffer();
}

function describe(archive: ArchiveSource): string {
  return "url" in archive ? archive.url : "given as a buffer";
}
