/**
 * Status lists are named by URI inside credentials (`status.status_list.uri`) and by their id
 * (the URI's last segment) inside compact QR presentations. This is the canonical base of those
 * URIs; clients fetch a list by id from their own API base (`/api/v1/status-lists/{id}`).
 */
export const STATUS_LIST_URI_BASE = 'https://zwfw.certwallet.example/api/v1/status-lists/'

export function statusListUri(listId: string): string {
  return STATUS_LIST_URI_BASE + listId
}

/** The list id a status-list URI names, or null when the URI is not one of ours. */
export function statusListIdOf(uri: string): string | null {
  return uri.startsWith(STATUS_LIST_URI_BASE) ? uri.slice(STATUS_LIST_URI_BASE.length) : null
}
