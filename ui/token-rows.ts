import type { SandboxState } from './control-client.ts'
import { formatTimeLeft, tenantUrl } from './format.ts'
import type { Cell, Row } from './panes.ts'

export interface RowContext {
  port: number
  /** The sandbox clock's now, in epoch ms: every expiry is read against it. */
  now: number
  jwts: Readonly<Record<string, string>>
}

/** The payload of a JWT, read without verifying (the dashboard only shows it). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as unknown
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** `active`/a countdown in green, `revoked` red, `expired` yellow: the state column at a glance. */
function lifeCell(
  revokedAt: string | null,
  expiresAt: string | null,
  now: number,
): Cell & { spent: boolean } {
  if (revokedAt) return { text: 'revoked', color: 'red', spent: true }
  const left = formatTimeLeft(expiresAt, now)
  if (left === 'expired') return { text: 'expired', color: 'yellow', spent: true }
  return { text: expiresAt ? left : 'active', color: 'green', spent: false }
}

function row(
  key: string,
  tenant: string,
  kind: string,
  owner: string,
  state: Cell & { spent?: boolean },
  value: string,
  detail: Row['detail'],
): Row {
  return {
    key,
    tenant,
    cells: [{ text: kind }, { text: tenant }, { text: owner }, state, { text: value }],
    dim: state.spent,
    detail,
  }
}

/** Every credential in the snapshot: Api-Tokens, JWT sessions and refresh tokens, OAuth apps and tokens, logins. */
export function tokenRows(state: SandboxState, ctx: RowContext): Row[] {
  const rows: Row[] = []
  const base = (tenant: string) => tenantUrl(tenant, ctx.port)
  for (const k of state.apiTokens) {
    const life =
      k.state === 'active'
        ? lifeCell(null, k.expiresAt, ctx.now)
        : {
            text: k.state,
            color: k.state === 'revoked' ? ('red' as const) : ('yellow' as const),
            spent: true,
          }
    rows.push(
      row(
        `api:${k.tenant}:${k.id}`,
        k.tenant,
        k.isReadOnly ? 'api ro' : 'api rw',
        k.owner ?? '-',
        life,
        k.token,
        {
          title: `Api-Token #${k.id} "${k.name}" (${k.isReadOnly ? 'read-only' : 'read/write'}, ${k.state})`,
          value: k.token,
          fields: [
            ['tenant', k.tenant],
            ['owner', k.owner ?? '-'],
            ['expires', k.expiresAt ?? 'never'],
            ['revoked', k.revokedAt ?? 'no'],
          ],
          usage: [`curl -H 'Api-Token: ${k.token}' ${base(k.tenant)}/api/v1/me`],
        },
      ),
    )
  }
  const sessions = [...state.sessions].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  for (const s of sessions) {
    const jwt = ctx.jwts[s.id]
    const claims = jwt ? jwtClaims(jwt) : null
    const exp = typeof claims?.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : null
    const otp = claims?.auth_strength === 'OTP'
    if (jwt) {
      rows.push(
        row(
          `jwt:${s.id}`,
          s.tenant,
          otp ? 'jwt otp' : 'jwt',
          s.user ?? '-',
          lifeCell(null, exp, ctx.now),
          jwt,
          {
            title: `JWT of session ${s.id}${otp ? ' (OTP login)' : ''}`,
            value: jwt,
            fields: [
              ['tenant', s.tenant],
              ['user', s.user ?? '-'],
              ['issued', s.createdAt],
              ['expires', exp ?? '-'],
              ['roles', Array.isArray(claims?.roles) ? claims.roles.join(', ') : '-'],
            ],
            usage: [`curl -H 'Authorization: Bearer ${jwt}' ${base(s.tenant)}/api/v1/me`],
          },
        ),
      )
    }
    for (const r of s.refreshTokens) {
      rows.push(
        row(
          `refresh:${r.token}`,
          s.tenant,
          'refresh',
          s.user ?? '-',
          lifeCell(r.revokedAt, r.expiresAt, ctx.now),
          r.token,
          {
            title: `Refresh token of session ${s.id}`,
            value: r.token,
            fields: [
              ['tenant', s.tenant],
              ['user', s.user ?? '-'],
              ['expires', r.expiresAt],
              ['revoked', r.revokedAt ?? 'no'],
              [
                'JWT',
                jwt
                  ? 'issued while the dashboard watched (see the jwt row)'
                  : 'issued before the dashboard started',
              ],
            ],
            usage: [
              `curl -H 'Content-Type: application/json' -d '{"refresh_token":"${r.token}"}' ${base(s.tenant)}/api/v1/token/refresh`,
            ],
          },
        ),
      )
    }
  }
  for (const app of state.oauthApps) {
    rows.push(
      row(
        `oauth-app:${app.client_id}`,
        app.tenant,
        'oauth app',
        app.name,
        { text: `${app.tokens.length} tokens` },
        app.client_id,
        {
          title: `OAuth app "${app.name}"`,
          value: app.client_id,
          fields: [
            ['tenant', app.tenant],
            ['client_secret', app.client_secret ?? '(public client: PKCE only)'],
            ['redirect URIs', app.redirectUris.join(' ')],
            ['scopes', app.scopes.join(' ')],
          ],
          // A URL to open as is: on the app's own tenant host, with its first redirect URI and its scopes.
          usage: [
            `${base(app.tenant)}/oauth/authorize?${new URLSearchParams({
              response_type: 'code',
              client_id: app.client_id,
              redirect_uri: app.redirectUris[0] ?? '',
              scope: app.scopes.join(' '),
              state: 'sandbox',
            })}`,
          ],
        },
      ),
    )
    for (const t of app.tokens) {
      const access = t.kind === 'access'
      rows.push(
        row(
          `oauth:${t.token}`,
          app.tenant,
          access ? 'oauth acc' : 'oauth ref',
          t.user ?? '-',
          lifeCell(t.revokedAt, t.expiresAt, ctx.now),
          t.token,
          {
            title: `OAuth ${access ? 'access' : 'refresh'} token of "${app.name}"`,
            value: t.token,
            fields: [
              ['tenant', app.tenant],
              ['user', t.user ?? '-'],
              ['scopes', t.scopes.join(' ')],
              ['expires', t.expiresAt],
              ['revoked', t.revokedAt ?? 'no'],
            ],
            usage: access
              ? [`curl -H 'Authorization: Bearer ${t.token}' ${base(app.tenant)}/oauth/userinfo`]
              : [
                  // The app's own credentials: a public client (PKCE) names itself in the body instead (RFC 6749 2.3.1).
                  `curl ${app.client_secret ? `-u '${app.client_id}:${app.client_secret}'` : `-d client_id=${app.client_id}`} -d grant_type=refresh_token -d refresh_token=${t.token} ${base(app.tenant)}/oauth/token`,
                ],
          },
        ),
      )
    }
  }
  // The seeded logins the banner lists: the admin and member of each tenant.
  for (const u of state.users.filter((u) => /^(admin|member)@/.test(u.email))) {
    const role = u.roles.includes('ROLE_ADMIN') ? 'admin' : 'member'
    rows.push(
      row(`login:${u.tenant}:${u.id}`, u.tenant, 'password', u.email, { text: role }, u.password, {
        title: `Password login of ${u.email} (${u.roles.join(', ')})`,
        value: u.password,
        fields: [['tenant', u.tenant]],
        usage: [
          `curl -H 'Content-Type: application/json' -d '{"username":"${u.email}","password":"${u.password}"}' ${base(u.tenant)}/api/v1/login-check`,
        ],
      }),
    )
  }
  return rows
}
