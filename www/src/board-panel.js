// The virtual board panel. Until the board simulation lands (issue 5) it lists the diagram's
// parts; the worker messages for part state and input events are in place (board-client.js).

export const DEFAULT_DIAGRAM = JSON.stringify(
  {
    version: 1,
    author: 'esprit',
    editor: 'esprit',
    parts: [{ type: 'board-esp32-devkit-c-v4', id: 'esp', top: 0, left: 0, attrs: {} }],
    connections: [
      ['esp:TX', '$serialMonitor:RX', '', []],
      ['esp:RX', '$serialMonitor:TX', '', []],
    ],
    dependencies: {},
  },
  null,
  2,
);

export class BoardPanel {
  constructor(parent, client) {
    this.parent = parent;
    this.client = client;
  }

  /** Shows the board a diagram.json text describes. */
  show(text) {
    let parts = [];
    try {
      const diagram = JSON.parse(text);
      parts = Array.isArray(diagram.parts) ? diagram.parts : [];
    } catch {
      parts = [];
    }
    const list = document.createElement('ul');
    for (const part of parts.slice(0, 100)) {
      const item = document.createElement('li');
      item.textContent = `${String(part?.id ?? '?')}: ${String(part?.type ?? '?')}`;
      list.append(item);
    }
    const note = document.createElement('p');
    note.className = 'muted';
    note.textContent = 'The drawn board arrives with the board simulation. Parts in diagram.json:';
    this.parent.replaceChildren(note, list);
  }
}
