// Share links: the code and the diagram, deflated and base64url-encoded in the URL fragment
// (`#share=...`), so nothing is sent to any server. A link is data from anyone: it is
// size-limited before and after inflating, and its shape is checked before anything uses it.

export const MAX_LINK_CHARS = 48 * 1024;
export const MAX_PROJECT_BYTES = 256 * 1024;
const PREFIX = '#share=';

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // A small link can inflate to gigabytes: stop reading early.
    if (total > MAX_PROJECT_BYTES) {
      await reader.cancel();
      throw new Error('the shared project is too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toBase64Url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link is not valid base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Checks a project's shape: `{code: string, diagram: string (JSON object)}`. */
export function validateProject(project) {
  if (typeof project !== 'object' || project === null || Array.isArray(project)) {
    throw new Error('the shared project is not an object');
  }
  if (typeof project.code !== 'string') throw new Error('the shared project has no code');
  if (typeof project.diagram !== 'string') throw new Error('the shared project has no diagram');
  const diagram = JSON.parse(project.diagram);
  if (typeof diagram !== 'object' || diagram === null || Array.isArray(diagram)) {
    throw new Error('the shared diagram is not a JSON object');
  }
  return { code: project.code, diagram: project.diagram };
}

/** The URL fragment that carries `project` ({code, diagram}). */
export async function encodeShare(project) {
  const json = JSON.stringify({ v: 1, ...validateProject(project) });
  const bytes = new TextEncoder().encode(json);
  if (bytes.length > MAX_PROJECT_BYTES) throw new Error('the project is too large to share');
  const packed = await pipe(bytes, new CompressionStream('deflate-raw'));
  const fragment = PREFIX + toBase64Url(packed);
  if (fragment.length > MAX_LINK_CHARS) throw new Error('the project is too large to share');
  return fragment;
}

/** The project in a URL fragment, null when the fragment is not a share link; throws on a
 *  share link that is damaged or too large. */
export async function decodeShare(fragment) {
  if (!fragment.startsWith(PREFIX)) return null;
  if (fragment.length > MAX_LINK_CHARS) throw new Error('the share link is too long');
  const packed = fromBase64Url(fragment.slice(PREFIX.length));
  const bytes = await pipe(packed, new DecompressionStream('deflate-raw'));
  const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (parsed?.v !== 1) throw new Error('the share link is from an unknown version');
  return validateProject(parsed);
}
