export { Kernel } from "./kernel";
export type { KernelListeners } from "./kernel";
export type * from "./protocol";
