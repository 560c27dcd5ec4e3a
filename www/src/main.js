// The playground page: wires the editor, the console, the files panel, sharing and the
// board (in its worker) together, and keeps the flash in IndexedDB.
import '@xterm/xterm/css/xterm.css';
import './style.css';
import { BoardClient } from './board-client.js';
import { Console } from './terminal.js';
import { Editor } from './editor.js';
import { FilesPanel, saveAs } from './files.js';
import { TracebackWatcher, frameIn } from './tracebacks.js';
import { encodeShare, decodeShare } from './share.js';
import { exportProject, importProject } from './project.js';
import { BoardPanel, DEFAULT_DIAGRAM, BOARDS, withBoard, boardOf } from './board-panel.js';
import * as storage from './storage.js';
import { LogicAnalyzer } from './logic.js';
import { LabsPanel } from './labs.js';

const STARTER = `# Edit, then Run (Ctrl-Enter). The board's console is below.
import time

for i in range(3):
    print("hello from esprit", i)
    time.sleep(0.5)
`;

const $ = (id) => document.getElementById(id);
const status = $('status');
const state = { path: '/main.py', diagram: DEFAULT_DIAGRAM, saveTimer: null, ready: false, ranPath: null };
const testHooks = { flashSaves: 0, ready: false };
window.esprit = testHooks;

function notice(text) {
  status.textContent = text;
}

const term = new Console($('terminal'), (bytes) => client.input(bytes));
const watcher = new TracebackWatcher(({ frames, message }) => {
  // The buffer runs as main.py whatever its file is called.
  const frame = frameIn(frames, state.path) ?? (state.ranPath === state.path ? frameIn(frames, 'main.py') : null);
  if (!frame) return;
  editor.markError(frame.line);
  notice(`${state.path.slice(1)}, line ${frame.line}: ${message}`);
});
const decoder = new TextDecoder();

const client = new BoardClient({
  onOutput(bytes) {
    term.write(bytes);
    watcher.push(decoder.decode(bytes, { stream: true }));
  },
  onState(boardState) {
    $('board-state').textContent = boardState;
    document.body.dataset.boardState = boardState;
  },
  onFlash(image) {
    // The flash changed: a program may have written files.
    if (state.ready) files.refresh();
    storage
      .save('flash', image)
      .then(() => testHooks.flashSaves++)
      .catch((e) => notice(`The flash could not be saved in this browser: ${e.message}`));
  },
  onParts(parts) {
    boardPanel.update(parts);
  },
  onNotice(text) {
    notice(text);
    term.note(text);
  },
  onReady() {
    if (!state.ready) {
      state.ready = true;
      afterStart().catch((e) => notice(e.message));
    }
    files.refresh();
  },
});

const editor = new Editor($('editor'), {
  onChange() {
    clearTimeout(state.saveTimer);
    state.saveTimer = setTimeout(saveBuffer, 300);
  },
  onRun: run,
});

const files = new FilesPanel(client, {
  selected: () => state.path,
  onOpen: openFile,
  onRenamed(from, to) {
    if (from === state.path) setPath(to);
  },
  async onDeleted(path) {
    if (path === state.path) await openFile('/main.py');
  },
  onNotice: notice,
});

const boardPanel = new BoardPanel($('board'), $('controls'), (event) => client.partInput(event));

// The Labs panel (labs.js): a lab's starter and board load as a shared project does.
const labs = new LabsPanel({
  getCode: () => editor.text,
  load: (code, diagram, title) => applyProject({ code, diagram: diagram ?? state.diagram }, `the lab "${title}"`),
  notice,
});

function setPath(path) {
  state.path = path;
  $('editor-file').textContent = path;
  storage.save('open-file', path).catch(() => {});
}

async function saveBuffer() {
  clearTimeout(state.saveTimer);
  state.saveTimer = null;
  try {
    await client.fs('write', state.path, new TextEncoder().encode(editor.text));
    await files.refresh();
  } catch (e) {
    notice(`Could not save ${state.path}: ${e.message}`);
  }
}

async function openFile(path) {
  if (state.saveTimer) await saveBuffer();
  let text;
  try {
    const bytes = await client.fs('read', path);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    if (path === '/main.py' && /ENOENT/.test(e.message)) {
      text = STARTER;
    } else {
      notice(/ENOENT/.test(e.message) ? `${path} is not on the board` : `${path} is not a text file`);
      return;
    }
  }
  setPath(path);
  editor.text = text;
  editor.clearError();
  await files.refresh();
}

async function run() {
  if (state.saveTimer || state.path === '/main.py') await saveBuffer();
  editor.clearError();
  state.ranPath = state.path;
  notice(`Running ${state.path.slice(1)}`);
  term.note('soft reboot: running the editor');
  client.run(editor.text);
  term.focus();
}

async function applyProject(project, where) {
  if (project.code === null) {
    setDiagram(project.diagram);
    notice(`Opened ${where}`);
    return;
  }
  // The board's main.py is the user's: keep it aside before a shared one replaces it.
  try {
    const old = new TextDecoder().decode(await client.fs('read', '/main.py'));
    if (old.trim() && old !== project.code) {
      await client.fs('write', '/main.py.bak', new TextEncoder().encode(old));
      notice(`Opened ${where}; your previous main.py is kept as main.py.bak`);
    } else {
      notice(`Opened ${where}`);
    }
  } catch {
    notice(`Opened ${where}`);
  }
  await client.fs('write', '/main.py', new TextEncoder().encode(project.code));
  setDiagram(project.diagram);
  await openFile('/main.py');
}

function setDiagram(text) {
  state.diagram = text;
  $('board-type').value = boardOf(text) ?? '';
  // A rewired board starts again.
  if (state.ready && text !== client.diagram) term.note('the board is rewired: reset');
  client.setDiagram(text);
  boardPanel.show(text);
  storage.save('diagram', text).catch(() => {});
}

async function afterStart() {
  const shared = location.hash;
  if (shared) {
    history.replaceState(null, '', location.pathname + location.search);
    try {
      const project = await decodeShare(shared);
      if (project) {
        await applyProject(project, 'a shared project');
        return markReady();
      }
    } catch (e) {
      notice(`This share link cannot be opened: ${e.message}`);
    }
  }
  if (await labs.openFromLink()) return markReady();
  const path = (await storage.load('open-file').catch(() => null)) || '/main.py';
  await openFile(typeof path === 'string' ? path : '/main.py');
  if (state.path !== path) await openFile('/main.py');
  markReady();
}

// What the browser tests read (never written by them).
testHooks.terminalText = () => term.text;
testHooks.editorText = () => editor.text;
testHooks.editorLine = () => editor.cursorLine;
testHooks.openPath = () => state.path;

function markReady() {
  testHooks.ready = true;
  document.body.dataset.ready = 'true';
}

// Toolbar.
$('run').onclick = run;
$('stop').onclick = () => {
  notice('Stopping');
  client.stop();
  term.focus();
};
$('reset').onclick = () => {
  term.note('reset');
  client.reset();
};
$('factory').onclick = async () => {
  client.factoryReset();
  term.note('flash erased');
  await openFile('/main.py');
};
$('share').onclick = async () => {
  try {
    const url = location.origin + location.pathname + (await encodeShare({ code: editor.text, diagram: state.diagram }));
    $('share-url').value = url;
    $('share-box').hidden = false;
    $('share-url').select();
    navigator.clipboard?.writeText(url).then(
      () => notice('The share link is copied'),
      () => notice('Copy the share link from the box'),
    );
  } catch (e) {
    notice(e.message);
  }
};
$('export').onclick = () => saveAs(exportProject({ code: editor.text, diagram: state.diagram }), 'esprit-project.zip');
for (const id of ['import-files', 'import-folder']) {
  $(id).onchange = async (event) => {
    try {
      const { files: imported, diagram } = await importProject([...event.target.files]);
      for (const [name, text] of imported) {
        if (name !== 'main.py') await client.fs('write', `/${name}`, new TextEncoder().encode(text));
      }
      await applyProject(
        { code: imported.get('main.py') ?? null, diagram: diagram ?? state.diagram },
        'the imported project',
      );
    } catch (e) {
      notice(`Import failed: ${e.message}`);
    }
    event.target.value = '';
  };
}
$('vcd').onclick = async () => {
  saveAs(new Blob([await client.vcd()], { type: 'text/plain' }), 'esprit-trace.vcd');
};
// Examples: each a main.py with its diagram.
fetch('examples.json')
  .then((r) => r.json())
  .then((examples) => {
    const select = $('examples');
    for (const example of examples) {
      const option = document.createElement('option');
      option.value = example.id;
      option.textContent = example.title;
      select.append(option);
    }
    select.onchange = async () => {
      const example = examples.find((e) => e.id === select.value);
      select.value = '';
      if (!example) return;
      // The rewired board boots the example's main.py at once.
      await applyProject(example, `the example "${example.title}"`);
    };
  })
  .catch((e) => notice(`The examples could not be loaded: ${e.message}`));

// The board picker: which MCU board the diagram uses.
for (const [type, title] of BOARDS) {
  const option = document.createElement('option');
  option.value = type;
  option.textContent = title;
  $('board-type').append(option);
}
$('board-type').onchange = () => {
  const text = withBoard(state.diagram, $('board-type').value);
  if (text) setDiagram(text);
  else notice('This diagram has no board to change');
};

const analyzer = new LogicAnalyzer($('logic'), () => client.vcd());
$('logic-toggle').onclick = () => analyzer.toggle();

$('import').onclick = () => $('import-files').click();
$('import-dir').onclick = () => $('import-folder').click();

// Start: the saved flash and diagram, then the board.
(async () => {
  const [image, diagram] = await Promise.all([
    storage.load('flash').catch(() => null),
    storage.load('diagram').catch(() => null),
  ]);
  setDiagram(typeof diagram === 'string' ? diagram : DEFAULT_DIAGRAM);
  client.start(image instanceof ArrayBuffer ? image : null);
})();

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
