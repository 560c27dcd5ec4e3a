// The code editor: CodeMirror 6 with Python highlighting, Ctrl-Enter to run, and a marked
// line for the last error.
import { EditorView, basicSetup } from 'codemirror';
import { python } from '@codemirror/lang-python';
import { keymap, Decoration } from '@codemirror/view';
import { StateEffect, StateField } from '@codemirror/state';

const setError = StateEffect.define();

// The line of the last error, cleared by the next edit.
const errorLine = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) return Decoration.none;
    for (const effect of tr.effects) {
      if (effect.is(setError)) {
        if (effect.value === null) return Decoration.none;
        const deco = Decoration.line({ class: 'cm-error-line' });
        return Decoration.set([deco.range(effect.value)]);
      }
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export class Editor {
  /**
   * @param {HTMLElement} parent
   * @param {object} hooks onChange(text), onRun()
   */
  constructor(parent, hooks) {
    this.hooks = hooks;
    this.quiet = false;
    this.view = new EditorView({
      parent,
      extensions: [
        keymap.of([{ key: 'Mod-Enter', run: () => (hooks.onRun(), true) }]),
        basicSetup,
        python(),
        errorLine,
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !this.quiet) hooks.onChange(this.text);
        }),
      ],
    });
  }

  get text() {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text without reporting a change. */
  set text(value) {
    this.quiet = true;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: value } });
    this.quiet = false;
  }

  /** Puts the cursor on a 1-based line, scrolls to it and marks it. */
  markError(lineNumber) {
    const doc = this.view.state.doc;
    const line = doc.line(Math.min(Math.max(1, lineNumber), doc.lines));
    this.view.dispatch({
      selection: { anchor: line.from },
      effects: [setError.of(line.from), EditorView.scrollIntoView(line.from, { y: 'center' })],
    });
    this.view.focus();
  }

  clearError() {
    this.view.dispatch({ effects: setError.of(null) });
  }

  /** The 1-based line the cursor is on. */
  get cursorLine() {
    const state = this.view.state;
    return state.doc.lineAt(state.selection.main.head).number;
  }
}
