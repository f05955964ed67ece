/**
 * One operation of Orgo's index (`../shared/orgo/endpoints.json`): method, path in route-index syntax
 * (`/api/v1/users/:id`), operationId, tag, whether the spec gives it a request body (1) or not (0), and the
 * permissions its description states (any one of them will do).
 */
export type OperationRow =
  | readonly [method: string, path: string, operationId: string, tag: string, hasBody: 0 | 1]
  | readonly [
      method: string,
      path: string,
      operationId: string,
      tag: string,
      hasBody: 0 | 1,
      permissions: readonly string[],
    ]

/** An operation as the sandbox uses it. */
export interface Operation {
  readonly method: string
  /** Route-index syntax: `/api/v1/adhesion/:id/send`. */
  readonly path: string
  /** The spec's own spelling: `/api/v1/adhesion/{id}/send`. */
  readonly specPath: string
  readonly operationId: string
  readonly tag: string
  readonly hasBody: boolean
  /** `HR_LOCAL`, `ADMIN_TENANT`: any one of them lets the call through; absent when the description states none. */
  readonly permissions?: readonly string[]
  /** The spec's `security: []`: callable without a credential. */
  readonly public: boolean
}

/**
 * `full`: hand-written behaviour; `schema`: shape, data, validation, filters and storage from Orgo's spec, with
 * the hand-written resources' records and rules where the operation is on one of them (issue 23); `generic`:
 * json-server's answer for a `--db` file's own collection at an Orgo path.
 */
export type Emulation = 'full' | 'schema' | 'generic'

/** An operation as one sandbox serves it: how, and how often it was called since the sandbox started. */
export interface ServedOperation {
  readonly operation: Operation
  readonly emulation: Emulation
  calls: number
}
