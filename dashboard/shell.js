// What every page shares: the token, the API call, the confirmation dialog and small formatters.

const API = '/api/v1';
export const TOKEN_KEY = 'scalper.token';
export const $ = (id) => document.getElementById(id);

export const session = { token: sessionStorage.getItem(TOKEN_KEY), allowed: new Set(), scope: null, mode: null };

/** One call to the API: { status, mode, data, error }; never throws on an HTTP error. */
export async function api(method, path, body) {
  const headers = { authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (json.mode !== undefined) session.mode = json.mode;
  return { status: res.status, mode: json.mode, data: json.data, error: json.error };
}

/** Asks the trader in the modal dialog; resolves true on Confirm. */
export function confirmStep(text) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    $('confirm-ok').focus();
  });
}

export const rupees = (x) => (x === null || x === undefined ? '—' : `₹${typeof x === 'number' ? x.toFixed(2) : x}`);
export const time = (ts) => (ts === null || ts === undefined ? '—' : new Date(ts).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');

/** An element with text (never HTML: text from agents and models is shown as it is). */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** A table of rows (arrays of cell values or nodes) under a header. */
export function table(caption, header, rows) {
  const t = el('table');
  t.append(el('caption', caption));
  const head = el('tr');
  for (const h of header) head.append(el('th', h, { scope: 'col' }));
  t.append(el('thead'), el('tbody'));
  t.tHead.append(head);
  for (const r of rows) {
    const tr = el('tr');
    for (const c of r) {
      const td = el('td');
      if (c instanceof Node) td.append(c);
      else td.textContent = c === null || c === undefined ? '—' : String(c);
      tr.append(td);
    }
    t.tBodies[0].append(tr);
  }
  return t;
}
