// A Wokwi-style project folder: main.py and diagram.json (plus any other .py files). Export
// gives a zip; import takes the files of a folder, loose files, or a zip.
import { zipSync, unzipSync, strToU8, strFromU8 } from 'fflate';

const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

export function exportProject({ code, diagram }) {
  return new Blob([zipSync({ 'main.py': strToU8(code), 'diagram.json': strToU8(diagram) })], {
    type: 'application/zip',
  });
}

/** The project in the chosen files: {files: Map(name -> text), diagram: string|null}. */
export async function importProject(fileList) {
  const entries = [];
  let total = 0;
  for (const file of fileList) {
    total += file.size;
    if (total > MAX_IMPORT_BYTES) throw new Error('the project is larger than 4 MiB');
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (file.name.toLowerCase().endsWith('.zip')) {
      const inside = unzipSync(bytes, {
        filter: (f) => f.originalSize <= MAX_IMPORT_BYTES && !f.name.endsWith('/'),
      });
      for (const [name, data] of Object.entries(inside)) entries.push([name, data]);
    } else {
      entries.push([file.webkitRelativePath || file.name, bytes]);
    }
  }
  const files = new Map();
  let diagram = null;
  for (const [fullName, data] of entries) {
    // A folder's files come as "folder/main.py": keep the name in the folder.
    const name = fullName.split('/').pop();
    if (name === 'diagram.json') {
      const text = strFromU8(data);
      const parsed = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error('diagram.json is not a JSON object');
      }
      diagram = text;
    } else if (name.endsWith('.py')) {
      files.set(name, strFromU8(data));
    }
  }
  if (!files.size && diagram === null) {
    throw new Error('no main.py, diagram.json or .py file in what was chosen');
  }
  return { files, diagram };
}
