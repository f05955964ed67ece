import type { Event } from '../db/schema.ts'
import type { WriteOverlay } from '../handlers/overlay-types.ts'
import type { StoredRecord } from '../schema/types.ts'
import { tableOf, type Place } from './tables.ts'

// Ticket types (create-and-sell-event-tickets, step 2): "A ticket type in Orgo is a Product attached to the event
// ... Each gets its own uuid and one ProductPrice record." `POST /api/v1/products` (api_products_post, ~4,209,300)
// with `event` (Product-product_write `event: iri?`) and `customMinPrice` ("in cents — 2500 is $25.00") makes that
// ProductPrice: `price` = customMinPrice (cents, as every amount of Orgo's payment docs), the tenant's currency. Both
// sides of the relation are stored (`Product.productPrices`, `ProductPrice.product`), and a ticketed event without
// a product gets this one as its `product` (Event-public_event_read_anonymous shows one product). A price made with
// `POST /api/v1/product_prices` joins its product's `productPrices` too, so the event's ticket types show it.

export interface TicketProduct {
  product: StoredRecord & { uuid?: string; name?: string; customMinPrice?: number | null }
  prices: Array<StoredRecord & { currency?: string | null; price?: number | null; maxSeats?: unknown }>
}

/** The event's ticket types: its products not archived, each with its prices not archived, in id order. */
export function ticketProductsOf(place: Place, event: Event): TicketProduct[] {
  const prices = tableOf(place, 'product_prices')
  return tableOf(place, 'products')
    .all()
    .filter((p) => p.event === event.id && p.isArchived !== true)
    .sort((a, b) => a.id - b.id)
    .map((product) => ({
      product,
      prices: ((product.productPrices as number[] | undefined) ?? [])
        .map((id) => prices.get(id))
        .filter((p): p is StoredRecord => p !== undefined && p.isArchived !== true),
    }))
}

/** The ticket price a body names (`/api/v1/product_prices/22`), if it is one of the event's: else undefined. */
export function eventPriceOf(
  place: Place,
  event: Event,
  id: number,
): TicketProduct['prices'][number] | undefined {
  const price = tableOf(place, 'product_prices').get(id)
  const product = price && tableOf(place, 'products').get(price.product as number)
  return product && product.event === event.id ? price : undefined
}

/** The price's ticket type name (its product's), for mails and the log. */
export function ticketName(place: Place, priceId: number | null | undefined): string | undefined {
  if (priceId == null) return undefined
  const price = tableOf(place, 'product_prices').get(priceId)
  const product = price && tableOf(place, 'products').get(price.product as number)
  return (price?.name as string | undefined) ?? (product?.name as string | undefined)
}

/** Adds a price to its product's `productPrices` (the other side of `ProductPrice.product`). */
function link(place: Place, price: StoredRecord): void {
  const products = tableOf(place, 'products')
  const product = typeof price.product === 'number' ? products.get(price.product) : undefined
  if (!product) return
  const held = (product.productPrices as number[] | undefined) ?? []
  if (held.includes(price.id)) return
  products.updateNow(product, (draft) => {
    draft.productPrices = [...held, price.id]
  })
}

/** Step 2: a product for an event gets its one ProductPrice, and the event its product if it had none. */
function priceForEvent(place: Place, product: StoredRecord): void {
  if (typeof product.event !== 'number') return
  const event = place.tenant.events.get(product.event)
  if (!event) return
  if (!((product.productPrices as number[] | undefined) ?? []).length) {
    const amount = typeof product.customMinPrice === 'number' ? product.customMinPrice : 0
    const price = tableOf(place, 'product_prices').insertNow({
      id: place.core.db.ids.next('product_prices'),
      tenant: place.tenant.tenant.slug,
      product: product.id,
      name: product.name ?? null,
      price: amount,
      currency: place.tenant.tenant.settings.currency,
      isArchived: false,
      isSubscription: false,
      isDefault: true,
      isHidden: false,
      isCompanyPrice: false,
      soldCount: 0,
      allowedFeeProductPrices: [],
      productPriceVariationValues: [],
      addons: [],
    })
    link(place, price)
    place.core.change(
      'ticket.type',
      place.tenant.tenant.slug,
      `Ticket type "${String(product.name)}" for "${event.name}": ${amount} cents ${price.currency as string}`,
      { product: product.uuid, productPrice: price.id, event: event.uuid },
    )
  }
  if ((event as Event & { product?: number | null }).product == null)
    place.tenant.events.updateNow(event, (draft) => {
      ;(draft as Event & { product?: number | null }).product = product.id
    })
}

/** A product's `customMinPrice` changed: its event ticket's one price follows (the docs' single-price ticket). */
function repriced(place: Place, product: StoredRecord, previous: StoredRecord | undefined): void {
  if (!previous || product.customMinPrice === previous.customMinPrice) return
  if (typeof product.event !== 'number' || typeof product.customMinPrice !== 'number') return
  const ids = (product.productPrices as number[] | undefined) ?? []
  if (ids.length !== 1) return
  const prices = tableOf(place, 'product_prices')
  const price = prices.get(ids[0]!)
  if (price)
    prices.updateNow(price, (draft) => {
      draft.price = product.customMinPrice
    })
}

export const PRODUCT_POST: WriteOverlay = {
  after: (record, { ctx }) => priceForEvent(ctx, record),
}

export const PRODUCT_PATCH: WriteOverlay = {
  after: (record, { ctx, previous }) => {
    repriced(ctx, record, previous)
    priceForEvent(ctx, record)
  },
}

export const PRODUCT_PRICE_POST: WriteOverlay = {
  after: (record, { ctx }) => link(ctx, record),
}
