/**
 * `wasmlit/react`: a Streamlit app as a React component.
 *
 *   <StreamlitApp bundleUrl="https://your.host/wasmlit/" entrypoint="app.py" files={{ "app.py": code }} />
 *
 * It mounts the app into its own <div> when it mounts, and unmounts it (worker, iframe,
 * listeners) when React unmounts it. A change to any mount() option (by identity: keep
 * `files` in state or a constant) mounts the app anew; `onController` gets the controller
 * (`writeFile`, `runPython`, events) to change files without a remount.
 */
import { createElement, useEffect, useRef, type CSSProperties, type ReactElement } from "react";
import { mount, type MountController, type MountOptions } from "wasmlit";

export type { MountController, MountOptions };

export interface StreamlitAppProps extends MountOptions {
  className?: string;
  style?: CSSProperties;
  /** Called with the controller once the app is mounted, and with null when it is unmounted. */
  onController?: (controller: MountController | null) => void;
}

/** Every mount() option (tsc fails here when one is added): the effect's dependencies, in a fixed order. */
const OPTIONS: Record<keyof MountOptions, true> = {
  entrypoint: true, files: true, requirements: true, prebuiltPackageNames: true, archives: true, pyodideUrl: true,
  streamlitConfig: true, env: true, idbfsMountpoints: true, sharedWorker: true, hostConfig: true,
  disableProgressToasts: true, disableErrorToasts: true, disableModuleAutoLoadToasts: true,
  disableDocumentStyles: true, mountDocumentStyles: true, styleNonce: true, packageIndexUrl: true, bundleUrl: true,
  wheelUrls: true, installs: true, followAppTitle: true, hostFolders: true, crossOriginIsolation: true,
}; // prettier-ignore
const OPTION_NAMES = Object.keys(OPTIONS) as (keyof MountOptions)[];

export function StreamlitApp({ className, style, onController, ...options }: StreamlitAppProps): ReactElement {
  const element = useRef<HTMLDivElement>(null);
  const latestOnController = useRef(onController);
  latestOnController.current = onController;

  useEffect(
    () => {
      const mountOptions = Object.fromEntries(
        OPTION_NAMES.filter((name) => options[name] !== undefined).map((name) => [name, options[name]]),
      ) as MountOptions;
      const controller = mount(mountOptions, element.current!);
      latestOnController.current?.(controller);
      return () => {
        controller.unmount();
        latestOnController.current?.(null);
      };
    },
    OPTION_NAMES.map((name) => options[name]),
  );

  return createElement("div", { ref: element, className, style });
}
