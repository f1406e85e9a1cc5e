// The JSON API: GET only, errors carry the server's message.

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function get(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const qs = q.toString();
  const res = await fetch("/api/" + path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) throw new ApiError(res.status, (body && body.message) || `${res.status} ${res.statusText}`);
  return body;
}

let metaPromise = null;
/** Vocabularies (roots, quad classes, outlets) and what this server has; fetched once. */
export function meta() {
  if (!metaPromise) metaPromise = get("meta");
  return metaPromise;
}
