import type { SandboxResponse } from './types.ts'

export const JSON_LD = 'application/ld+json; charset=utf-8'
export const JSON_CONTENT = 'application/json'

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT, ...headers }, body: JSON.stringify(body) }
}

export function jsonLd(body: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'Content-Type': JSON_LD, ...headers }, body: JSON.stringify(body) }
}

export function noContent(headers: Record<string, string> = {}): SandboxResponse {
  return { status: 204, headers }
}

export function html(body: string, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body }
}

export function redirect(location: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', ...headers } }
}
