/**
 * A small HTTP client for one CouchDB database: auth (basic, cookie session, bearer, none),
 * errors that survive RxDB's error serialisation (`code: 'COUCH_401'`, status in `parameters`),
 * and a fresh AbortController per request so stop() can cut a long-poll short.
 */

export type SyncAuth =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'cookie'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'none' };

export type CouchErrorCode =
  'COUCH_401' | 'COUCH_403' | 'COUCH_404' | 'COUCH_NETWORK' | 'COUCH_ABORTED' | 'COUCH_NOT_SET_UP' | 'COUCH_COOKIE_BLOCKED' | `COUCH_${number}`;

export class CouchError extends Error {
  readonly code: CouchErrorCode;
  readonly parameters: { status: number; error: string; reason: string; url: string };
  constructor(code: CouchErrorCode, status: number, error: string, reason: string, url: string) {
    super(`${code} ${error}: ${reason} (${url})`);
    this.name = 'CouchError';
    this.code = code;
    this.parameters = { status, error, reason, url };
  }
}

export const isAuthError = (code: string | undefined): boolean => code === 'COUCH_401' || code === 'COUCH_403';

type FetchFn = typeof fetch;

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export interface CouchClientOptions {
  /** Server URL, e.g. http://127.0.0.1:5984 (credentials in the URL are not used). */
  url: string;
  database: string;
  auth: SyncAuth;
  fetch?: FetchFn;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Relative to the server instead of the database. */
  server?: boolean;
  /** How long to wait for the whole answer (long-polls need longer than the default). */
  timeoutMs?: number;
  /** Cuts this one request short. */
  signal?: AbortSignal;
}

export class CouchClient {
  readonly serverUrl: string;
  readonly dbUrl: string;
  private auth: SyncAuth;
  private readonly fetchFn: FetchFn;
  private sessionCookie = '';
  private readonly controllers = new Set<AbortController>();

  constructor(options: CouchClientOptions) {
    const u = new URL(options.url);
    u.username = '';
    u.password = '';
    this.serverUrl = u.toString().replace(/\/+$/, '');
    this.dbUrl = `${this.serverUrl}/${encodeURIComponent(options.database)}`;
    this.auth = options.auth;
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  setAuth(auth: SyncAuth): void {
    this.auth = auth;
    this.sessionCookie = '';
  }

  get username(): string {
    return this.auth.kind === 'basic' || this.auth.kind === 'cookie' ? this.auth.username : '';
  }

  /** Aborts every request in flight (long-polls included). */
  abortAll(): void {
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }

  private headers(extra?: Record<string, string>): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.auth.kind === 'basic') h.authorization = `Basic ${base64(`${this.auth.username}:${this.auth.password}`)}`;
    else if (this.auth.kind === 'bearer') h.authorization = `Bearer ${this.auth.token}`;
    else if (this.auth.kind === 'cookie' && this.sessionCookie) h.cookie = this.sessionCookie;
    return h;
  }

  /** One HTTP exchange, body included, under its own AbortController (a long-poll's body can hang). */
  private async exchange<T>(
    url: string,
    init: RequestInit,
    read: (res: Response) => Promise<T>,
    timeoutMs = REQUEST_TIMEOUT,
    signal?: AbortSignal,
  ): Promise<T> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) controller.abort();
    // A half-open connection (a server that died mid-request) would otherwise hang forever.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    // Node's fetch (undici) does not always settle a request or a body read that was aborted
    // (seen when the server was killed mid-request: the push never returned and its replication
    // stayed busy for good), so the abort ends our wait whatever fetch does.
    const abandoned = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
    abandoned.catch(() => undefined);
    try {
      const res = await Promise.race([
        this.fetchFn(url, {
          ...init,
          signal: controller.signal,
          // Browsers keep the AuthSession cookie themselves; Node gets it through the header above.
          credentials: this.auth.kind === 'cookie' ? 'include' : 'omit',
        }),
        abandoned,
      ]);
      return await Promise.race([read(res), abandoned]);
    } catch (err) {
      if (err instanceof CouchError) throw err;
      if (timedOut) throw new CouchError('COUCH_NETWORK', 0, 'timeout', `no answer within ${timeoutMs} ms`, url);
      if (controller.signal.aborted) throw new CouchError('COUCH_ABORTED', 0, 'aborted', 'request aborted', url);
      throw new CouchError('COUCH_NETWORK', 0, 'network', err instanceof Error ? err.message : String(err), url);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.controllers.delete(controller);
    }
  }

  /** Opens a CouchDB cookie session (POST /_session). */
  private async login(): Promise<void> {
    if (this.auth.kind !== 'cookie') return;
    const url = `${this.serverUrl}/_session`;
    this.sessionCookie = await this.exchange(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ name: this.auth.username, password: this.auth.password }),
      },
      async (res) => {
        if (!res.ok) throw await this.toError(res, url);
        const setCookie = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
        const session = setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('AuthSession='));
        await res.text();
        return session ?? 'browser-managed';
      },
    );
  }

  private async toError(res: Response, url: string): Promise<CouchError> {
    let error = '';
    let reason = '';
    try {
      const body = (await res.json()) as { error?: string; reason?: string };
      error = body.error ?? '';
      reason = body.reason ?? '';
    } catch {
      // not JSON
    }
    return new CouchError(`COUCH_${res.status}` as CouchErrorCode, res.status, error || res.statusText, reason, url);
  }

  /** A JSON request to the database (path relative to it, e.g. `_changes?…`) or, with `server`, to the server. */
  async request<T>(path: string, init: RequestOptions = {}): Promise<T> {
    const url = `${init.server ? this.serverUrl : this.dbUrl}${path ? `/${path}` : ''}`;
    if (this.auth.kind === 'cookie' && !this.sessionCookie) await this.login();
    const send = () =>
      this.exchange(
        url,
        {
          method: init.method ?? 'GET',
          headers: this.headers(init.body !== undefined ? { 'content-type': 'application/json' } : undefined),
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        },
        async (res) => {
          if (res.status === 401 && this.auth.kind === 'cookie') {
            await res.text();
            return SESSION_EXPIRED;
          }
          if (!res.ok) throw await this.toError(res, url);
          return (await res.json()) as T;
        },
        init.timeoutMs,
        init.signal,
      );
    let result = await send();
    if (result === SESSION_EXPIRED) {
      // The session expired: log in again once with the credentials kept in memory.
      this.sessionCookie = '';
      await this.login();
      result = await send();
      if (result === SESSION_EXPIRED) {
        // In a browser a sign-in that succeeds and is still refused means the cookie was never
        // sent (a server on another site): no password typed again can help, so say so.
        if (this.sessionCookie === 'browser-managed') {
          throw new CouchError(
            'COUCH_COOKIE_BLOCKED',
            401,
            'cookie_blocked',
            "the sign-in succeeded but the browser does not send its session cookie to this server (another site); use basic or bearer sign-in, or serve CouchDB from the page's site",
            url,
          );
        }
        throw new CouchError('COUCH_401', 401, 'unauthorized', 'session refused', url);
      }
    }
    return result as T;
  }
}

const SESSION_EXPIRED = Symbol('session-expired');
const REQUEST_TIMEOUT = 30_000;
