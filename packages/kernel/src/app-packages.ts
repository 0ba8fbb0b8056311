/**
 * The packages an app needs besides Streamlit: `prebuiltPackageNames` (Pyodide packages
 * of the lock), `requirements` (micropip), and whatever its code imports, announced to the
 * page before it is installed (stlite's "module auto-load"). A package that cannot be
 * installed does not stop the app: it becomes a problem the page shows, naming it.
 */
import type { BootReporter } from "./boot";
import type { BootOptions } from "./protocol";
import type { PyProxy, Pyodide } from "./python-runtime";

/** A package that could not be had (wasmlit_shim.package_problems.Problem). */
export interface PackageProblem {
  message: string;
  detail: string;
  /** The project that could not be had. */
  package: string;
}

/** Load Pyodide packages by their lock names; a name the lock lacks is a problem, not a crash. */
export async function loadPrebuiltPackages(pyodide: Pyodide, names: string[], report: BootReporter): Promise<void> {
  if (!names.length) return;
  const known = names.filter((name) => name in pyodide.lockfile.packages);
  for (const name of names.filter((name) => !known.includes(name))) {
    report.problem(
      `No package named "${name}" in the Pyodide lock (prebuiltPackageNames)`,
      "prebuiltPackageNames takes names of Pyodide's own packages; use `requirements` for packages from PyPI.",
    );
  }
  if (!known.length) return;
  report.progress("packages", `Loading ${known.join(", ")}`);
  const errors: string[] = [];
  await pyodide.loadPackage(known, { messageCallback: () => {}, errorCallback: (line: string) => errors.push(line) });
  if (errors.length) report.problem(`Could not load ${known.join(", ")}`, errors.join("\n"));
}

/**
 * Install what the app's code imports and is missing, plus `requirements`. Runs at boot,
 * and again when the page writes a Python file (with no requirements then). Returns the
 * packages that could not be had; each is already reported, unless `defer` (at boot: the
 * app's start may fail on one of them, and then that failure is the one notice shown).
 */
export async function installAppPackages(
  pyodide: Pyodide,
  options: BootOptions,
  home: string,
  report: BootReporter,
  requirements: string[] = options.requirements,
  defer = false,
): Promise<PackageProblem[]> {
  const packages = pyodide.pyimport("wasmlit_shim.packages");
  const planned: string[] = takeJs(packages.packages_to_install(home, options.entrypoint));
  const settle = planned.length ? report.autoLoad?.(planned) : undefined;

  const problems: PackageProblem[] = takeJs(
    await packages.install_for_app(
      home,
      options.entrypoint,
      pyodide.toPy(requirements),
      options.packageIndexUrl ?? null,
      (name: string) => report.progress("packages", `Installing ${name}`),
    ),
  );
  packages.destroy();
  if (!defer) for (const problem of problems) report.problem(problem.message, problem.detail);

  const failed = problems.filter((problem) => planned.includes(problem.package));
  settle?.(failed.length ? failed.map((problem) => problem.message).join("\n") : undefined);
  return problems;
}

/**
 * The app's start failed on a package that could not be installed (the shim raised
 * PackageMissing): that package's own description, as the one error the page shows.
 */
export function packageFailure(pyodide: Pyodide, error: unknown): { problem: PackageProblem } | null {
  if ((error as { type?: string } | null)?.type !== "PackageMissing") return null;
  const problems = pyodide.pyimport("wasmlit_shim.package_problems");
  const problem = problems.last_missing();
  problems.destroy();
  return problem ? { problem: takeJs<PackageProblem>(problem) } : null;
}

/** A Python value as plain JavaScript (dicts become objects); frees the proxy. */
function takeJs<T>(value: PyProxy): T {
  const converted = value.toJs({ dict_converter: Object.fromEntries }) as T;
  value.destroy();
  return converted;
}
