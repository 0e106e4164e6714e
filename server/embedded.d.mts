// Types of embedded.mjs for TypeScript callers (tests, benchmarks).
export function freePort(): Promise<number>;
export interface EmbeddedServer {
  url: string;
  adminUrl: string;
  admin: { name: string; password: string };
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}
export function startEmbeddedServer(options?: {
  dataDir?: string;
  port?: number;
  admin?: { name: string; password: string };
  quiet?: boolean;
}): Promise<EmbeddedServer>;
