import type { ApiRequest } from '../api/types.js'

/**
 * Said under a refused request that came with no body and a query string: its fields went in the
 * query (`PUT …/play?text=Hello&voice=female`, axios' `params` for `data`, a form library's GET
 * habit), where the vendor's reference puts them in a JSON body. Before, the failure said only
 * "play needs one of text, prompt_name or text_to_speech_option", "(no body)", and printed the
 * request's path without its query, so the fields the app did send showed nowhere (helper-187).
 */
export function queryInsteadOfBody(request: ApiRequest, vendor: string): string | undefined {
  if (request.bodyText.trim() !== '' || request.url.search.length <= 1) return undefined
  const names = [...new Set(request.url.searchParams.keys())].map((name) => JSON.stringify(name))
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ')
  return `The request has no body, and its query string holds ${shown}: ${vendor}'s reference sends this request's fields in a JSON body, and callspec's fake API reads none from the query string. Send them as the JSON body, with Content-Type: application/json.`
}
