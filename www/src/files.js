// The files panel: the board's flash, listed; open, create, rename, delete, upload, download.
// Names are data: they only ever reach the page as text.

/** Largest file the panel uploads (the flash is 2 MiB). */
const MAX_UPLOAD_BYTES = 1024 * 1024;

export function normalizePath(name) {
  const trimmed = String(name).trim();
  if (!trimmed) throw new Error('give the file a name');
  if (trimmed.length > 200) throw new Error('that name is too long');
  const parts = trimmed.split('/').filter((p) => p && p !== '.');
  if (!parts.length || parts.includes('..')) throw new Error(`"${trimmed}" is not a file name`);
  return '/' + parts.join('/');
}

export class FilesPanel {
  /**
   * @param {BoardClient} client
   * @param {object} hooks onOpen(path), onRenamed(from, to), onDeleted(path), onNotice(text),
   *   selected() (the path open in the editor)
   */
  constructor(client, hooks) {
    this.client = client;
    this.hooks = hooks;
    this.list = document.getElementById('file-list');
    this.name = document.getElementById('file-name');
    this.upload = document.getElementById('file-upload-input');
    document.getElementById('file-new').onclick = () => this.act(() => this.create());
    document.getElementById('file-rename').onclick = () => this.act(() => this.rename());
    document.getElementById('file-delete').onclick = () => this.act(() => this.remove());
    document.getElementById('file-download').onclick = () => this.act(() => this.download());
    document.getElementById('file-upload').onclick = () => this.upload.click();
    this.upload.onchange = () => this.act(() => this.uploadFiles([...this.upload.files]));
  }

  async act(work) {
    try {
      await work();
    } catch (e) {
      this.hooks.onNotice(e.message);
    }
    await this.refresh();
  }

  async refresh() {
    let entries;
    try {
      entries = await this.client.fs('list');
    } catch (e) {
      this.hooks.onNotice(`Cannot list the files: ${e.message}`);
      return;
    }
    const selected = this.hooks.selected();
    this.list.replaceChildren(
      ...entries.map((entry) => {
        const item = document.createElement('li');
        const depth = entry.path.split('/').length - 2;
        item.style.paddingLeft = `${0.3 + depth}em`;
        item.dataset.path = entry.path;
        item.textContent = entry.dir ? `${entry.path.split('/').pop()}/` : entry.path.split('/').pop();
        item.title = entry.dir ? entry.path : `${entry.path} (${entry.size} bytes)`;
        item.className = entry.dir ? 'dir' : 'file';
        if (entry.path === selected) item.classList.add('selected');
        if (!entry.dir) item.onclick = () => this.hooks.onOpen(entry.path);
        return item;
      }),
    );
  }

  async create() {
    const path = normalizePath(this.name.value);
    const existing = await this.client.fs('list');
    if (existing.some((e) => e.path === path)) throw new Error(`${path} already exists`);
    await this.client.fs('write', path, new Uint8Array());
    this.name.value = '';
    await this.hooks.onOpen(path);
  }

  async rename() {
    const from = this.hooks.selected();
    const to = normalizePath(this.name.value);
    await this.client.fs('rename', from, to);
    this.name.value = '';
    this.hooks.onRenamed(from, to);
  }

  async remove() {
    const path = this.hooks.selected();
    await this.client.fs('remove', path);
    this.hooks.onDeleted(path);
  }

  async download() {
    const path = this.hooks.selected();
    const bytes = await this.client.fs('read', path);
    saveAs(new Blob([bytes]), path.split('/').pop());
  }

  async uploadFiles(files) {
    for (const file of files) {
      if (file.size > MAX_UPLOAD_BYTES) throw new Error(`${file.name} is larger than 1 MiB`);
      const path = normalizePath(file.name);
      await this.client.fs('write', path, new Uint8Array(await file.arrayBuffer()));
    }
    this.upload.value = '';
  }
}

/** Offers `blob` as a download named `name`. */
export function saveAs(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
