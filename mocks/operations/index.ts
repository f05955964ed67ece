import { OPERATION_ROWS } from './operations.ts'
import { PUBLIC_OPERATIONS } from './public.ts'
import { SPEC_ONLY_ROWS } from './spec-only.ts'
import type { Operation } from './types.ts'

const open = new Set(PUBLIC_OPERATIONS)

/**
 * Every operation of Orgo's API (787): the 743 of its index in the index's order (by tag, then path), then the
 * 44 website-builder operations its spec has and its index lacks (issue 23).
 */
export const OPERATIONS: readonly Operation[] = [...OPERATION_ROWS, ...SPEC_ONLY_ROWS].map(
  ([method, path, operationId, tag, hasBody, permissions]) => {
    const specPath = path.replace(/:(\w+)/g, '{$1}')
    return {
      method,
      path,
      specPath,
      operationId,
      tag,
      hasBody: hasBody === 1,
      ...(permissions ? { permissions } : {}),
      public: open.has(`${method} ${specPath}`),
    }
  },
)

/** `/api/v1/users/:id` and `/api/v1/users/:uuid` name the same route: parameter names do not route. */
export const routeShape = (method: string, path: string) => `${method} ${path.replace(/:\w+/g, ':')}`

export type { Emulation, Operation, ServedOperation } from './types.ts'
