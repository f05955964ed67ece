import { API as API_ROOT } from '../resources/engine/serialize.ts'
import { resource } from '../spec/index.ts'

// An item IRI read back into its resource and key, as API Platform's IriConverter::getResourceFromIri routes it:
// `/api/v1/local_centers/4` -> local_centers, `4`. A resource's records are named under its main path segment
// (mocks/spec/layout.ts: the item path's), which is what `Records.iri` writes.

const API = `${API_ROOT}/`

/** `local_centers`, `4` for `/api/v1/local_centers/4`; undefined when the text is no item path of any resource. */
export function resourceOfIri(iri: string): { resource: string; key: string } | undefined {
  if (!iri.startsWith(API)) return undefined
  const rest = iri.slice(API.length)
  const slash = rest.indexOf('/')
  if (slash <= 0) return undefined
  const name = rest.slice(0, slash)
  if (!resource(name)) return undefined
  const key = keyOf(rest.slice(slash + 1))
  return key === undefined ? undefined : { resource: name, key }
}

/** The key an IRI names in a resource (`4` of `/api/v1/local_centers/4`), or undefined for another resource's IRI. */
export function keyOfIri(resourceName: string, iri: string): string | undefined {
  const prefix = `${API}${resourceName}/`
  return iri.startsWith(prefix) ? keyOf(iri.slice(prefix.length)) : undefined
}

/** One non-empty path segment, percent-decoded (mocks/http/hydra.ts itemIri encodes it). */
function keyOf(segment: string): string | undefined {
  if (segment === '' || /[/?#]/.test(segment)) return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
