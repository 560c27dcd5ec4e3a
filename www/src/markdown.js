// A small Markdown reader for lab instructions and hints: headings, paragraphs, lists, `code`,
// **bold** and *emphasis*. It builds DOM nodes with textContent only, so a lab's text can never
// inject HTML into the page.

/** Appends `text` with its inline code/bold/emphasis to `parent`. */
function inline(parent, text) {
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) parent.append(text.slice(at, m.index));
    const [tag, inner] = m[1] !== undefined ? ['code', m[1]] : m[2] !== undefined ? ['strong', m[2]] : ['em', m[3]];
    const el = document.createElement(tag);
    el.textContent = inner;
    parent.append(el);
    at = m.index + m[0].length;
  }
  if (at < text.length) parent.append(text.slice(at));
}

/** Renders Markdown into a fragment. */
export function renderMarkdown(source) {
  const out = document.createDocumentFragment();
  let para = null;
  let list = null;
  const close = () => {
    para = null;
    list = null;
  };
  for (const raw of source.split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const item = /^\s*(?:[-*]|(\d+)\.)\s+(.*)$/.exec(line);
    if (!line.trim()) {
      close();
    } else if (heading) {
      close();
      const h = document.createElement(`h${Math.min(6, heading[1].length + 2)}`);
      inline(h, heading[2]);
      out.append(h);
    } else if (item) {
      const kind = item[1] ? 'OL' : 'UL';
      if (!list || list.tagName !== kind) {
        para = null;
        list = document.createElement(kind.toLowerCase());
        out.append(list);
      }
      const li = document.createElement('li');
      inline(li, item[2]);
      list.append(li);
    } else if (list && /^\s+\S/.test(raw)) {
      // A continuation line of the last list item.
      inline(list.lastElementChild, ` ${line.trim()}`);
    } else {
      list = null;
      if (!para) {
        para = document.createElement('p');
        out.append(para);
      } else {
        para.append(' ');
      }
      inline(para, line.trim());
    }
  }
  return out;
}
