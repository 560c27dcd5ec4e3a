// What the page keeps between visits, in IndexedDB: the board's flash image, the diagram and
// which file the editor had open. One object store of keys and values.

const DB_NAME = 'esprit';
const STORE = 'kv';

let opening = null;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

async function transact(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** The value kept under `key`, or undefined. */
export function load(key) {
  return transact('readonly', (store) => store.get(key));
}

/** Keeps `value` under `key`. */
export function save(key, value) {
  return transact('readwrite', (store) => store.put(value, key));
}

/** Forgets `key`. */
export function forget(key) {
  return transact('readwrite', (store) => store.delete(key));
}
