// The Labs panel's checker: runs a lab's checks on a fresh virtual board in this worker, so a
// check (seconds of virtual time, run as fast as the CPU allows) never freezes the page.
// Message in: {id, checks, diagram, scenario, program}; out: {id, report} or {id, error}.
import init, { checkLab } from 'esprit-web';

const ready = init({ module_or_path: new URL('esprit_web_bg.wasm', self.location.href) });

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const report = JSON.parse(checkLab(data.checks, data.diagram ?? undefined, data.scenario ?? undefined, data.program));
    self.postMessage({ id: data.id, report });
  } catch (e) {
    self.postMessage({ id: data.id, error: String(e?.message ?? e) });
  }
};
