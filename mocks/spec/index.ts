// Orgo's spec as data (issue 23 item 1): the generated index of its operations and schemas, and what derives
// from them. Nothing here is loaded until imported, and nothing is parsed until asked for.
export { schemaNames, specSecurity } from './data.ts'
export { bodyType, okType, operation, operationAt, operations } from './operations.ts'
export { resource, resourceOf, resources, standaloneOperations } from './resources.ts'
export { classProperties, nameParts, schema, schemaOfType } from './schemas.ts'
export { parseParam, parseProp, parseType, refsOf } from './type-parser.ts'
export type * from './types.ts'
