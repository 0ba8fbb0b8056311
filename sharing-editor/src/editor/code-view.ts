/**
 * The code editor: CodeMirror 6 with Python highlighting and indentation, search (Mod-f),
 * completion and syntax errors from Python in the preview (python-tools.ts there).
 * One view; each file tab has its own EditorState (its own undo history).
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { linter, lintKeymap, type Diagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState, Prec, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import type { Completion, SyntaxProblem } from "../shared/protocol";

export interface CodeServices {
  /** Ctrl/Cmd+S. */
  save(): void;
  /** The text of the open tab changed. */
  changed(text: string): void;
  complete(code: string, line: number, column: number): Promise<Completion[]>;
  check(code: string): Promise<SyntaxProblem[]>;
}

const COMPLETION_TYPES: Record<string, string> = { module: "namespace", instance: "variable", statement: "variable", param: "variable", path: "text" };

export class CodeView {
  readonly view: EditorView;
  private readonly states = new Map<string, EditorState>();
  private current: string | null = null;

  constructor(parent: HTMLElement, private readonly services: CodeServices) {
    this.view = new EditorView({ parent, state: EditorState.create({ doc: "" }) });
  }

  private extensions(isPython: boolean): Extension[] {
    const services = this.services;
    const common: Extension[] = [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      bracketMatching(),
      closeBrackets(),
      indentOnInput(),
      indentUnit.of("    "),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      Prec.highest(keymap.of([{ key: "Mod-s", preventDefault: true, run: () => (services.save(), true) }])),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) services.changed(update.state.doc.toString());
      }),
    ];
    if (!isPython) return common;
    return [
      ...common,
      python(),
      foldGutter(),
      autocompletion({ override: [(context) => this.completions(context)] }),
      linter((view) => this.diagnostics(view), { delay: 400 }),
    ];
  }

  private async completions(context: CompletionContext): Promise<CompletionResult | null> {
    const word = context.matchBefore(/[\w.]*/);
    if (!context.explicit && (!word || word.text === "")) return null;
    const line = context.state.doc.lineAt(context.pos);
    let items: Completion[];
    try {
      items = await this.services.complete(context.state.doc.toString(), line.number, context.pos - line.from);
    } catch {
      return null; // completion is a help, never an error in the way
    }
    const from = context.matchBefore(/\w*/)?.from ?? context.pos;
    return {
      from,
      options: items.map((item) => ({ label: item.label, type: COMPLETION_TYPES[item.type] ?? item.type })),
      validFor: /^\w*$/,
    };
  }

  private async diagnostics(view: EditorView): Promise<Diagnostic[]> {
    const doc = view.state.doc;
    let problems: SyntaxProblem[];
    try {
      problems = await this.services.check(doc.toString());
    } catch {
      return [];
    }
    if (view.state.doc !== doc) return []; // typed on meanwhile: the next check will tell
    return problems.map((problem) => {
      const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
      const from = Math.min(line.from + problem.column, line.to);
      return { from, to: Math.max(from + 1, line.to) > doc.length ? doc.length : Math.max(from + 1, line.to), severity: "error", message: `SyntaxError: ${problem.message}` };
    });
  }

  /** Show a file (creating its state on first open). */
  open(path: string, text: string): void {
    if (this.current !== null) this.states.set(this.current, this.view.state);
    let state = this.states.get(path);
    if (!state || state.doc.toString() !== text) {
      state = EditorState.create({ doc: text, extensions: this.extensions(path.endsWith(".py")) });
    }
    this.current = path;
    this.view.setState(state);
  }

  /** Forget a file's state (deleted, renamed, or another app opened). */
  forget(path?: string): void {
    if (path === undefined) {
      this.states.clear();
      this.current = null;
    } else {
      this.states.delete(path);
      if (this.current === path) this.current = null;
    }
  }

  focus(): void {
    this.view.focus();
  }
}
