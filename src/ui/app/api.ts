// Fetch helpers for the dashboard's JSON API. A token given once in the page URL
// (?token=...) is kept for the tab and sent with every call.

const TOKEN_KEY = 'adrs-token';

function token(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY);
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const t = token();
  return t ? { ...extra, Authorization: `Bearer ${t}` } : extra;
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`/api/${path}`, { headers: headers() });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`/api/${path}`, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function eventSource(path: string): EventSource {
  return new EventSource(apiUrl(path));
}

/** A link to an API path (downloads cannot send headers, so the token rides in the query). */
export function apiUrl(path: string): string {
  const t = token();
  return `/api/${path}${t ? `?token=${encodeURIComponent(t)}` : ''}`;
}

export const runPath = (run: string): string => `runs/${encodeURIComponent(run)}`;
