/**
 * Restarting apps that share a worker. A SharedWorker cannot be terminated from a page, and
 * a dead or busy one would take every new connection of its name; so a restart moves every
 * shared app of this page to a fresh SharedWorker under a new name (`wasmlit-<random>`). The
 * old one ends when its last page lets go. Other tabs keep theirs and restart on their own.
 */

/** A shared app of this page: it restarts in the worker of the given name. */
export interface SharedMember {
  restartIn(workerName: string): void;
}

let currentName = "wasmlit";
const members = new Set<SharedMember>();

/** The name of the shared worker this page's shared apps run in now. */
export function sharedWorkerName(): string {
  return currentName;
}

export function joinSharedApps(member: SharedMember): void {
  members.add(member);
}

export function leaveSharedApps(member: SharedMember): void {
  members.delete(member);
}

/** Start a fresh shared worker and restart every shared app of this page in it. */
export function restartSharedApps(): void {
  currentName = `wasmlit-${Math.random().toString(36).slice(2, 10)}`;
  for (const member of members) member.restartIn(currentName);
}
